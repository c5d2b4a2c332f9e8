package io.fnjobs.thumbnail.image.jpeg;

/**
 * One Huffman table of a JPEG (a DHT segment): the code lengths and symbols as the file lists them,
 * turned into a table that decodes any code of up to {@value #LOOKAHEAD} bits with one lookup, and
 * the canonical bounds per length for the rare longer codes.
 */
final class HuffmanTable {

  /** Bits looked at at once: most codes of photos are shorter, and the table stays in L1 cache. */
  static final int LOOKAHEAD = 9;

  /** Per {@value #LOOKAHEAD}-bit prefix: the code's length times 256 plus its symbol, or 0 for a longer code. */
  final int[] fast = new int[1 << LOOKAHEAD];
  /** Per length (1..16): the largest code of that length, or -1 when there is none. */
  final int[] maxCode = new int[18];
  /** Per length: the symbol index of its first code, minus that code. */
  final int[] offset = new int[17];
  final int[] symbols;
  /**
   * Per {@value #LOOKAHEAD}-bit prefix, for an AC table: when the prefix holds a whole code and the
   * value bits after it, the value times 65536 plus the zero run times 256 plus the bits both take;
   * else 0. Most coefficients of a photo are small, and decode with this one lookup.
   */
  final int[] fastAc = new int[1 << LOOKAHEAD];

  /** Bits looked at at once to read past coefficients no pixel uses: two or three codes of a photo. */
  static final int SKIP_LOOKAHEAD = 12;
  /** In a {@link #skipAc} entry: the codes end with an end of block. */
  static final int SKIP_ENDS_BLOCK = 1 << 16;
  /**
   * Per {@value #SKIP_LOOKAHEAD}-bit prefix, for an AC table of a sequential scan: how far the whole
   * codes and value bits in it go, as the zigzag positions they advance times 256 plus the bits they
   * take, plus {@link #SKIP_ENDS_BLOCK} when the last of them is an end of block; 0 when not even one
   * code and its value fit. Made on first use: a progressive JPEG has a table per scan and uses none
   * of them this way (16 KB and a few thousand steps each).
   */
  private int[] skipAc;

  /**
   * @param counts how many codes there are of each length from 1 to 16 (index 0 is length 1)
   * @param symbols the symbols in order of their codes
   */
  HuffmanTable(int[] counts, int[] symbols) {
    this.symbols = symbols;
    int code = 0;
    int index = 0;
    for (int length = 1; length <= 16; length++) {
      int count = counts[length - 1];
      offset[length] = index - code;
      if (count > 0) {
        for (int i = 0; i < count; i++, index++, code++) {
          if (length <= LOOKAHEAD) {
            int shift = LOOKAHEAD - length;
            for (int fill = 0; fill < 1 << shift; fill++) {
              fast[code << shift | fill] = length << 8 | symbols[index];
            }
          }
        }
        maxCode[length] = code - 1;
      } else {
        maxCode[length] = -1;
      }
      if (code > 1 << length) {
        throw new JpegFormatException("a Huffman table has more codes of " + length + " bits than there are");
      }
      code <<= 1;
    }
    maxCode[17] = Integer.MAX_VALUE;
    for (int prefix = 0; prefix < fast.length; prefix++) {
      int entry = fast[prefix];
      int length = entry >>> 8;
      int size = entry & 15;
      if (entry != 0 && size != 0 && length + size <= LOOKAHEAD) {
        int raw = prefix >> (LOOKAHEAD - length - size) & (1 << size) - 1;
        int value = raw < 1 << (size - 1) ? raw - (1 << size) + 1 : raw;
        fastAc[prefix] = value << 16 | (entry >> 4 & 15) << 8 | length + size;
      }
    }
  }

  /** The {@link #skipAc} table, made on first use. */
  int[] skipAc() {
    int[] table = skipAc;
    if (table == null) {
      table = new int[1 << SKIP_LOOKAHEAD];
      for (int prefix = 0; prefix < table.length; prefix++) {
        table[prefix] = skipEntry(prefix);
      }
      skipAc = table;
    }
    return table;
  }

  /** The {@link #skipAc} entry of {@code prefix}: the codes it holds whole, with their value bits. */
  private int skipEntry(int prefix) {
    int used = 0;
    int advance = 0;
    while (used < SKIP_LOOKAHEAD) {
      int left = SKIP_LOOKAHEAD - used;
      int next = prefix << used & (1 << SKIP_LOOKAHEAD) - 1;
      int entry = fast[next >> (SKIP_LOOKAHEAD - LOOKAHEAD)];
      int length = entry >>> 8;
      if (entry == 0 || length > left) {
        break;
      }
      int symbol = entry & 0xff;
      int size = symbol & 15;
      if (size == 0 && symbol != 0xf0) {
        // the end of the block (a sequential scan has no other symbol without value bits but ZRL)
        return SKIP_ENDS_BLOCK | advance << 8 | used + length;
      }
      if (length + size > left) {
        break;
      }
      used += length + size;
      advance += size == 0 ? 16 : (symbol >> 4) + 1;
    }
    return used == 0 ? 0 : advance << 8 | used;
  }
}
