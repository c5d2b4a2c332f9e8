package io.fnjobs.thumbnail.image.jpeg;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a JPEG file, read through a buffer of its own, as marker segments and as the bits of
 * entropy-coded data.
 *
 * <p>Entropy-coded data ends at the next marker: a stuffed {@code FF 00} is a data byte {@code FF},
 * any other byte after {@code FF} starts a marker, which is left unread. Past the data's end, and past
 * the end of the file, the bit reader hands out zero bits, as libjpeg does, and counts them, so that
 * the decoder can tell data that really ran short (it used some of them) from data that merely ends.
 */
final class JpegInput {

  /** Bits kept ready before each coefficient: a code of up to 16 bits and its value of up to 16. */
  private static final int READY = 32;

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private long offsetOfBuffer;
  private boolean endOfFile;

  /** The bit buffer: its lowest {@link #bits} bits are unread, the highest of them next. */
  private long accumulator;
  private int bits;
  /** How many of the bits handed to the buffer were made-up zeros, after a marker or the file's end. */
  private int padding;
  /** The code of the marker that ended the entropy-coded data, or -1 while it goes on. */
  private int marker = -1;

  JpegInput(InputStream in) {
    this.in = in;
  }

  /** How many bytes of the file have been read (as segments or as data). */
  long offset() {
    return offsetOfBuffer + position;
  }

  /** The next byte, or -1 at the end of the file. */
  int readByte() throws IOException {
    if (position >= limit && !refill(1)) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  /** The next two bytes, big-endian; {@link TruncatedException} at the end of the file. */
  int readUnsignedShort() throws IOException {
    int high = readByte();
    int low = readByte();
    if (low < 0) {
      throw new TruncatedException();
    }
    return high << 8 | low;
  }

  /** The next {@code length} bytes; {@link TruncatedException} when the file ends first. */
  byte[] readBytes(int length) throws IOException {
    byte[] bytes = new byte[length];
    int at = 0;
    while (at < length) {
      if (position >= limit && !refill(1)) {
        throw new TruncatedException();
      }
      int n = Math.min(length - at, limit - position);
      System.arraycopy(buffer, position, bytes, at, n);
      position += n;
      at += n;
    }
    return bytes;
  }

  void skip(int length) throws IOException {
    int left = length;
    while (left > 0) {
      if (position >= limit && !refill(1)) {
        throw new TruncatedException();
      }
      int n = Math.min(left, limit - position);
      position += n;
      left -= n;
    }
  }

  /**
   * The code of the next marker, skipping any bytes before it (the unread end of the last scan's data);
   * -1 at the end of the file.
   */
  int nextMarker() throws IOException {
    resetBits();
    int b = readByte();
    while (b >= 0) {
      if (b == 0xff) {
        int code = readByte();
        while (code == 0xff) {
          code = readByte();
        }
        if (code < 0) {
          return -1;
        }
        if (code != 0) {
          return code;
        }
      }
      b = readByte();
    }
    return -1;
  }

  // ---- entropy-coded data ----

  /**
   * Reads past the rest of a scan's entropy-coded data, its restart markers included, without
   * decoding it, up to the marker after it, which is left unread.
   *
   * @return that marker's code, or -1 when the file ends first
   */
  int skipScanData() throws IOException {
    resetBits();
    while (true) {
      if (position >= limit && !refill(1)) {
        return -1;
      }
      int at = position;
      while (at < limit && buffer[at] != (byte) 0xff) {
        at++;
      }
      position = at;
      if (at == limit) {
        continue;
      }
      if (position + 1 >= limit && !refill(2)) {
        position = limit;
        return -1;
      }
      int code = buffer[position + 1] & 0xff;
      if (code == 0 || code >= 0xd0 && code <= 0xd7) {
        // a stuffed data byte, or a restart marker
        position += 2;
      } else if (code == 0xff) {
        // a fill byte before a marker
        position++;
      } else {
        return code;
      }
    }
  }

  /** Forgets the bits read ahead, at a restart marker or the end of a scan. */
  void resetBits() {
    accumulator = 0;
    bits = 0;
    padding = 0;
    marker = -1;
  }

  /** Whether the data used bits it does not have: it ended before the decoder was done with it. */
  boolean ranShort() {
    return bits < padding;
  }

  /** Whether the file ended (rather than a marker came) where the data stopped. */
  boolean atEndOfFile() {
    return endOfFile && marker < 0;
  }

  /** The next Huffman-coded symbol. */
  int decode(HuffmanTable table) throws IOException {
    if (bits < READY) {
      fill();
    }
    int entry = table.fast[(int) (accumulator >>> (bits - HuffmanTable.LOOKAHEAD)) & (1 << HuffmanTable.LOOKAHEAD) - 1];
    if (entry != 0) {
      bits -= entry >>> 8;
      return entry & 0xff;
    }
    return decodeLong(table);
  }

  private int decodeLong(HuffmanTable table) {
    int code16 = (int) (accumulator >>> (bits - 16)) & 0xffff;
    for (int length = HuffmanTable.LOOKAHEAD + 1; length <= 16; length++) {
      int code = code16 >>> (16 - length);
      if (code <= table.maxCode[length]) {
        bits -= length;
        return table.symbols[table.offset[length] + code];
      }
    }
    throw new JpegFormatException("bad Huffman code");
  }

  /** The next {@code count} bits (0 to 16) as an unsigned number. */
  int bits(int count) throws IOException {
    if (bits < count) {
      fill();
    }
    bits -= count;
    return (int) (accumulator >>> bits) & (1 << count) - 1;
  }

  /** The next {@code size} bits as the signed value JPEG codes with that many bits. */
  int value(int size) throws IOException {
    if (size == 0) {
      return 0;
    }
    int raw = bits(size);
    return raw < 1 << (size - 1) ? raw - (1 << size) + 1 : raw;
  }

  private void skipBits(int count) throws IOException {
    if (bits < count) {
      fill();
    }
    bits -= count;
  }

  /**
   * The AC coefficients of one block (zigzag indices 1 to 63): those up to index {@code last} that are
   * not zero go to {@code indices} and {@code values}, the rest are read past. The decoder's innermost
   * loop, kept on local variables.
   *
   * @return how many coefficients went to {@code indices} and {@code values}
   */
  int acCoefficients(HuffmanTable table, int last, int[] indices, int[] values) throws IOException {
    int[] fastAc = table.fastAc;
    int[] fast = table.fast;
    int[] skipAc = last < 63 ? table.skipAc() : null;
    long acc = accumulator;
    int n = bits;
    int count = 0;
    int k = 1;
    while (k < 64) {
      if (n < READY) {
        accumulator = acc;
        bits = n;
        fill();
        acc = accumulator;
        n = bits;
      }
      if (k > last) {
        // nothing more to keep: several codes at a time, as long as they stay within this block
        int skip = skipAc[(int) (acc >>> (n - HuffmanTable.SKIP_LOOKAHEAD)) & (1 << HuffmanTable.SKIP_LOOKAHEAD) - 1];
        int to = k + (skip >> 8 & 0xff);
        if (skip != 0 && ((skip & HuffmanTable.SKIP_ENDS_BLOCK) == 0 ? to <= 64 : to < 64)) {
          n -= skip & 0xff;
          k = to;
          if ((skip & HuffmanTable.SKIP_ENDS_BLOCK) != 0) {
            break;
          }
          continue;
        }
      }
      int prefix = (int) (acc >>> (n - HuffmanTable.LOOKAHEAD)) & (1 << HuffmanTable.LOOKAHEAD) - 1;
      int entry = fastAc[prefix];
      if (entry != 0) {
        n -= entry & 0xff;
        k += entry >> 8 & 15;
        if (k <= last) {
          indices[count] = k;
          values[count++] = entry >> 16;
        }
        k++;
        continue;
      }
      int symbol;
      entry = fast[prefix];
      if (entry != 0) {
        n -= entry >>> 8;
        symbol = entry & 0xff;
      } else {
        accumulator = acc;
        bits = n;
        symbol = decodeLong(table);
        n = bits;
      }
      int size = symbol & 15;
      if (size == 0) {
        if (symbol != 0xf0) {
          break;
        }
        k += 16;
        continue;
      }
      k += symbol >> 4;
      n -= size;
      if (k <= last) {
        int raw = (int) (acc >>> n) & (1 << size) - 1;
        indices[count] = k;
        values[count++] = raw < 1 << (size - 1) ? raw - (1 << size) + 1 : raw;
      }
      k++;
    }
    accumulator = acc;
    bits = n;
    if (k > 64) {
      throw new JpegFormatException("a block with more than 64 coefficients");
    }
    return count;
  }

  /** In {@link #refineAc}'s masks: the block's non-zero coefficients, updated with the new ones. */
  static final int NON_ZERO = 0;
  /** In {@link #refineAc}'s masks: which of the new coefficients are negative. */
  static final int NEW_NEGATIVE = 1;
  /** In {@link #refineAc}'s masks: the coefficients of {@code used} whose correction bit was set. */
  static final int CORRECTED = 2;

  /**
   * One block of a successive-approximation AC scan over zigzag indices {@code start} to {@code end}
   * (a correction bit for each coefficient already non-zero, and new coefficients of magnitude one),
   * with the bit masks of what it finds in {@code masks}: see {@link #NON_ZERO}, {@link #NEW_NEGATIVE}
   * and {@link #CORRECTED}, of which the caller sets the first. Correction bits of coefficients outside
   * {@code used} are read past in bulk. The decoder's innermost loop for progressive JPEGs, kept on
   * local variables like {@link #acCoefficients}.
   *
   * @param eobRun the blocks left of an end-of-band run, this one included, or 0
   * @return the blocks left of the end-of-band run after this one
   */
  int refineAc(HuffmanTable table, int start, int end, int eobRun, long used, long[] masks) throws IOException {
    long band = (end == 63 ? -1L : (1L << (end + 1)) - 1) & -1L << start;
    long nonZero = masks[NON_ZERO];
    long negative = 0;
    long corrected = 0;
    int run = eobRun;
    int k = start;
    if (run == 0) {
      int[] fastAc = table.fastAc;
      int[] fast = table.fast;
      long acc = accumulator;
      int n = bits;
      while (k <= end) {
        if (n < READY) {
          accumulator = acc;
          bits = n;
          fill();
          acc = accumulator;
          n = bits;
        }
        int prefix = (int) (acc >>> (n - HuffmanTable.LOOKAHEAD)) & (1 << HuffmanTable.LOOKAHEAD) - 1;
        int entry = fastAc[prefix];
        int zeros;
        int value;
        if (entry != 0) {
          // a one-bit value: the code and its sign bit in one lookup
          value = entry >> 16;
          if (value != 1 && value != -1) {
            throw new JpegFormatException("a refinement of more than one bit");
          }
          zeros = entry >> 8 & 15;
          n -= entry & 0xff;
        } else {
          int symbol;
          entry = fast[prefix];
          if (entry != 0) {
            n -= entry >>> 8;
            symbol = entry & 0xff;
          } else {
            accumulator = acc;
            bits = n;
            symbol = decodeLong(table);
            n = bits;
          }
          zeros = symbol >> 4;
          int size = symbol & 15;
          if (size == 0 && zeros != 15) {
            // end of band: this block's rest and the next blocks' get correction bits only
            n -= zeros;
            run = (1 << zeros) + ((int) (acc >>> n) & (1 << zeros) - 1);
            break;
          }
          if (size > 1) {
            throw new JpegFormatException("a refinement of more than one bit");
          }
          value = 0;
          if (size == 1) {
            n--;
            value = (acc >>> n & 1) != 0 ? 1 : -1;
          }
        }
        // past the non-zero coefficients (a correction bit each) and {@code zeros} zero ones, to the next zero
        long from = band & -1L << k;
        long left = ~nonZero & from;
        for (int i = 0; i < zeros && left != 0; i++) {
          left &= left - 1;
        }
        int target = left == 0 ? end + 1 : Long.numberOfTrailingZeros(left);
        long passed = nonZero & from & (target == 64 ? -1L : (1L << target) - 1);
        if (passed != 0) {
          accumulator = acc;
          bits = n;
          corrected |= corrections(passed, used);
          acc = accumulator;
          n = bits;
        }
        k = target;
        if (value != 0) {
          if (k > end) {
            throw new JpegFormatException("a progressive band past its end");
          }
          nonZero |= 1L << k;
          if (value < 0) {
            negative |= 1L << k;
          }
        }
        k++;
      }
      accumulator = acc;
      bits = n;
    }
    if (run > 0) {
      if (k <= end) {
        corrected |= corrections(nonZero & band & -1L << k, used);
      }
      run--;
    }
    masks[NON_ZERO] = nonZero;
    masks[NEW_NEGATIVE] = negative;
    masks[CORRECTED] = corrected;
    return run;
  }

  /**
   * Reads a correction bit for each coefficient in {@code positions} (a mask of zigzag indices), in
   * order; answers those of {@code used} whose bit was set. Bits of the others are only read past.
   */
  private long corrections(long positions, long used) throws IOException {
    if (positions == 0) {
      return 0;
    }
    if ((positions & used) == 0) {
      int count = Long.bitCount(positions);
      if (count > 32) {
        skipBits(32);
        count -= 32;
      }
      skipBits(count);
      return 0;
    }
    long set = 0;
    long left = positions;
    while (left != 0) {
      int k = Long.numberOfTrailingZeros(left);
      left &= left - 1;
      if (bits(1) != 0) {
        set |= 1L << k;
      }
    }
    return set & used;
  }

  /** Tops the bit buffer up to more than 56 bits, with zeros past the data's end. */
  private void fill() throws IOException {
    if (marker < 0 && limit - position >= 18) {
      // far from the buffer's end: no refill can be needed for the (at most 16) bytes this takes
      long acc = accumulator;
      int n = bits;
      int at = position;
      byte[] bytes = buffer;
      while (n <= 56) {
        int b = bytes[at] & 0xff;
        if (b == 0xff) {
          if (bytes[at + 1] != 0) {
            break;
          }
          at += 2;
        } else {
          at++;
        }
        acc = acc << 8 | b;
        n += 8;
      }
      accumulator = acc;
      bits = n;
      position = at;
      if (n > 56) {
        return;
      }
    }
    while (bits <= 56) {
      if (marker >= 0 || endOfFile || (position + 1 >= limit && !refill(2) && position >= limit)) {
        accumulator <<= 8;
        bits += 8;
        padding += 8;
        continue;
      }
      int b = buffer[position] & 0xff;
      if (b == 0xff) {
        if (!stuffedOrMarker()) {
          continue;
        }
      } else {
        position++;
      }
      accumulator = accumulator << 8 | b;
      bits += 8;
    }
  }

  /**
   * At an {@code FF}: true (and past it) when it is a stuffed data byte, false when a marker starts
   * there (left unread) or the file ends.
   */
  private boolean stuffedOrMarker() throws IOException {
    int next = position + 1;
    while (true) {
      if (next >= limit) {
        int kept = next - position;
        if (!refill(kept + 1)) {
          endOfFile = true;
          return false;
        }
        next = position + kept;
      }
      int code = buffer[next] & 0xff;
      if (code == 0) {
        position = next + 1;
        return true;
      }
      if (code != 0xff) {
        marker = code;
        position = next - 1;
        return false;
      }
      next++;
    }
  }

  /**
   * Moves the unread bytes to the buffer's start and reads more, until at least {@code wanted} are
   * there; false (and {@link #endOfFile} set) when the file ends first.
   */
  private boolean refill(int wanted) throws IOException {
    int unread = limit - position;
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, unread);
      offsetOfBuffer += position;
      position = 0;
      limit = unread;
    }
    while (limit < wanted) {
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        endOfFile = true;
        return false;
      }
      limit += n;
    }
    return true;
  }
}
