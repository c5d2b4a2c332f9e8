package io.fnjobs.thumbnail.image.jpeg;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a baseline or progressive JPEG straight at 1/2, 1/4 or 1/8 of its size, as libjpeg's DCT
 * scaling ("shrink on load") does: every coefficient is Huffman-decoded, but each 8x8 block goes
 * through a reduced IDCT ({@link BoxIdct}) to 4x4, 2x2 or 1x1 pixels, so the full-size image never
 * exists. Chroma subsampled by a power of two is brought to the luma's resolution by its IDCT
 * (a 4:2:0 chroma block of a 1/8 decode comes out 2x2), so no upsampling follows.
 *
 * <p>A baseline frame with all components in one scan is decoded as it streams, one MCU row at a
 * time; any other frame keeps, between its scans, each block's reduced pixels, to which every
 * coefficient the reduced IDCT uses adds its share as it comes (plus, for progressive refinement, a bit
 * per coefficient saying whether it is non-zero and one per used coefficient saying whether it is
 * negative), within a memory budget.
 *
 * <p>A file that ends early decodes like libjpeg decodes it: what is there, the rest flat grey, and
 * the result says so in libjpeg's words ({@link ScaledJpeg#truncation()}). Everything else this
 * decoder does not take, it declines with a {@link JpegFormatException} before or while decoding, and
 * the caller gives the file to ImageIO: other JPEG kinds (arithmetic, lossless, hierarchical, 12-bit),
 * other colour spaces (CMYK, YCCK, RGB, an ICC profile other than sRGB), sampling it cannot reach by
 * its IDCT sizes, and data broken otherwise than by its end (a bad Huffman code, a stray marker, a
 * restart marker out of place), which ImageIO then decodes, or refuses, in its own way.
 *
 * <p>The AC scans of a progressive component whose reduced IDCT uses its DC coefficient alone (the
 * luma, and 4:4:4 chroma, at 1/8) are read past to the next marker, not decoded: their restart
 * markers' order and their Huffman codes go unchecked, as their coefficients go unused, and an end
 * of image marker inside their data ends the image there.
 */
public final class ScaledJpegDecoder {

  private static final int SOI = 0xd8;
  private static final int EOI = 0xd9;
  private static final int SOS = 0xda;
  private static final int DQT = 0xdb;
  private static final int DNL = 0xdc;
  private static final int DRI = 0xdd;
  private static final int DHT = 0xc4;
  private static final int RST0 = 0xd0;
  private static final int APP0 = 0xe0;
  private static final int APP2 = 0xe2;
  private static final int APP14 = 0xee;
  private static final int COM = 0xfe;

  /** libjpeg's warnings for these cases: what the thumbnailer's messages have always quoted. */
  static final String MISSING_EOI = "Truncated File - Missing EOI marker";
  static final String PREMATURE_END = "Corrupt JPEG data: premature end of data segment";

  private final JpegInput in;
  private final int scale;
  private final long maxStorageBytes;

  private final int[][] quantisation = new int[4][];
  private final HuffmanTable[] dcTables = new HuffmanTable[4];
  private final HuffmanTable[] acTables = new HuffmanTable[4];
  private int restartInterval;
  private boolean jfif;
  private int adobeTransform = -1;
  private ByteArrayOutputStream iccProfile;

  private int width;
  private int height;
  private boolean progressive;
  private Component[] components;
  private int maxHorizontal;
  private int maxVertical;
  private int mcusPerLine;
  private int mcuRows;
  private boolean streaming;
  private boolean prepared;

  /** One block's used AC coefficients: zigzag indices and values. */
  private final int[] indices = new int[64];
  private final int[] values = new int[64];
  /** One block's masks from a refinement scan (see {@link JpegInput#refineAc}). */
  private final long[] masks = new long[3];

  private int[] pixels;
  private int outWidth;
  private int outHeight;
  private boolean dataRanShort;
  private int eobRun;

  private ScaledJpegDecoder(InputStream in, int scale, long maxStorageBytes) {
    this.in = new JpegInput(in);
    this.scale = scale;
    this.maxStorageBytes = maxStorageBytes;
  }

  /**
   * The JPEG in {@code in} at 1/{@code scale} of its size (rounded up), as packed RGB.
   *
   * @param scale 2, 4 or 8
   * @param maxStorageBytes how much memory a frame in several scans may take between its scans
   * @throws JpegFormatException when this decoder leaves the file to another (see the class doc)
   */
  public static ScaledJpeg decode(InputStream in, int scale, long maxStorageBytes) throws IOException {
    if (scale != 2 && scale != 4 && scale != 8) {
      throw new IllegalArgumentException("scale must be 2, 4 or 8, was " + scale);
    }
    try {
      return new ScaledJpegDecoder(in, scale, maxStorageBytes).decode();
    } catch (TruncatedException e) {
      throw new JpegFormatException("the file ends in its headers");
    } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
      // a table or segment whose numbers do not fit together
      throw new JpegFormatException("inconsistent headers (" + e.getClass().getSimpleName() + ")");
    }
  }

  private ScaledJpeg decode() throws IOException {
    if (in.readByte() != 0xff || in.readByte() != SOI) {
      throw new JpegFormatException("no start of image marker");
    }
    boolean cutInScan = false;
    while (true) {
      int marker = in.nextMarker();
      if (marker < 0 || marker == EOI) {
        if (!prepared) {
          throw new JpegFormatException("the image ends before its first scan");
        }
        if (marker == EOI) {
          return finish(null);
        }
        return finish(cutInScan ? MISSING_EOI + "; " + PREMATURE_END : MISSING_EOI);
      }
      try {
        cutInScan = segment(marker);
      } catch (TruncatedException e) {
        if (!prepared) {
          throw e;
        }
        // cut inside a segment between scans: the scans so far make the image
        return finish(MISSING_EOI);
      }
    }
  }

  /** Reads the segment of {@code marker}; true when it was a scan whose data the file's end cut short. */
  private boolean segment(int marker) throws IOException {
    switch (marker) {
      case 0xc0, 0xc1 -> frame(false);
      case 0xc2 -> frame(true);
      case 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf ->
          throw new JpegFormatException("a JPEG of kind SOF" + (marker - 0xc0) + " (not baseline or progressive Huffman)");
      case DHT -> huffmanTables();
      case DQT -> quantisationTables();
      case DRI -> restartInterval();
      case SOS -> {
        return scan();
      }
      case DNL -> throw new JpegFormatException("a DNL marker (height given after the data)");
      case APP0 -> app0();
      case APP2 -> app2();
      case APP14 -> app14();
      default -> {
        if (marker >= RST0 && marker <= RST0 + 7) {
          throw new JpegFormatException("a restart marker outside a scan");
        }
        in.skip(in.readUnsignedShort() - 2);
      }
    }
    return false;
  }

  // ---- header segments ----

  private void frame(boolean isProgressive) throws IOException {
    if (components != null) {
      throw new JpegFormatException("a second frame");
    }
    int length = in.readUnsignedShort();
    int precision = in.readByte();
    height = in.readUnsignedShort();
    width = in.readUnsignedShort();
    int count = in.readByte();
    if (precision != 8) {
      throw new JpegFormatException(precision + "-bit samples");
    }
    if (width == 0 || height == 0) {
      throw new JpegFormatException("a frame of " + width + "x" + height);
    }
    if (count != 1 && count != 3) {
      throw new JpegFormatException(count + " components (CMYK, YCCK or another colour space)");
    }
    if (length != 8 + 3 * count) {
      throw new JpegFormatException("a frame header of " + length + " bytes for " + count + " components");
    }
    progressive = isProgressive;
    components = new Component[count];
    for (int i = 0; i < count; i++) {
      int id = in.readByte();
      int sampling = in.readByte();
      int table = in.readByte();
      int h = count == 1 ? 1 : sampling >> 4;
      int v = count == 1 ? 1 : sampling & 15;
      if (h < 1 || h > 4 || v < 1 || v > 4 || table > 3) {
        throw new JpegFormatException("component " + id + " with sampling " + (sampling >> 4) + "x" + (sampling & 15)
            + " and table " + table);
      }
      components[i] = new Component(id, h, v, table);
      maxHorizontal = Math.max(maxHorizontal, h);
      maxVertical = Math.max(maxVertical, v);
    }
  }

  private void huffmanTables() throws IOException {
    int left = in.readUnsignedShort() - 2;
    while (left > 0) {
      int classAndId = in.readByte();
      int[] counts = new int[16];
      int total = 0;
      for (int i = 0; i < 16; i++) {
        counts[i] = in.readByte();
        total += counts[i];
      }
      if (total > 256 || (classAndId & 15) > 3 || classAndId >> 4 > 1) {
        throw new JpegFormatException("a bad Huffman table (class and id 0x" + Integer.toHexString(classAndId) + ")");
      }
      int[] symbols = new int[total];
      for (int i = 0; i < total; i++) {
        symbols[i] = in.readByte();
      }
      HuffmanTable table = new HuffmanTable(counts, symbols);
      (classAndId >> 4 == 0 ? dcTables : acTables)[classAndId & 15] = table;
      left -= 17 + total;
    }
    if (left != 0) {
      throw new JpegFormatException("a Huffman table segment of the wrong length");
    }
  }

  private void quantisationTables() throws IOException {
    int left = in.readUnsignedShort() - 2;
    while (left > 0) {
      int precisionAndId = in.readByte();
      boolean sixteenBits = precisionAndId >> 4 != 0;
      int[] table = new int[64];
      for (int k = 0; k < 64; k++) {
        table[k] = sixteenBits ? in.readUnsignedShort() : in.readByte();
      }
      if ((precisionAndId & 15) > 3) {
        throw new JpegFormatException("a quantisation table with id " + (precisionAndId & 15));
      }
      quantisation[precisionAndId & 15] = table;
      left -= 65 + (sixteenBits ? 64 : 0);
    }
    if (left != 0) {
      throw new JpegFormatException("a quantisation table segment of the wrong length");
    }
  }

  private void restartInterval() throws IOException {
    if (in.readUnsignedShort() != 4) {
      throw new JpegFormatException("a restart interval segment of the wrong length");
    }
    restartInterval = in.readUnsignedShort();
  }

  private void app0() throws IOException {
    byte[] data = in.readBytes(in.readUnsignedShort() - 2);
    jfif |= startsWith(data, "JFIF\0");
  }

  private void app2() throws IOException {
    byte[] data = in.readBytes(in.readUnsignedShort() - 2);
    String signature = "ICC_PROFILE\0";
    if (startsWith(data, signature) && data.length > signature.length() + 2) {
      if (iccProfile == null) {
        iccProfile = new ByteArrayOutputStream();
      }
      // chunks come in order in practice; each has its sequence number and the count before the data
      int from = signature.length() + 2;
      iccProfile.write(data, from, data.length - from);
    }
  }

  private void app14() throws IOException {
    byte[] data = in.readBytes(in.readUnsignedShort() - 2);
    if (startsWith(data, "Adobe") && data.length >= 12) {
      adobeTransform = data[11] & 0xff;
    }
  }

  private static boolean startsWith(byte[] data, String signature) {
    byte[] expected = signature.getBytes(StandardCharsets.ISO_8859_1);
    return data.length >= expected.length && Arrays.equals(data, 0, expected.length, expected, 0, expected.length);
  }

  // ---- the first scan: deciding how to decode ----

  /** Checks what the headers say once all before the first scan are read, and sets up the output. */
  private void prepare(int scanComponents) {
    if (components == null) {
      throw new JpegFormatException("a scan before the frame header");
    }
    checkColourSpace();
    int blockSize = 8 / scale;
    mcusPerLine = ceilDiv(width, 8 * maxHorizontal);
    mcuRows = ceilDiv(height, 8 * maxVertical);
    for (Component c : components) {
      int idctWidth = idctSize(blockSize, maxHorizontal, c.horizontal);
      int idctHeight = idctSize(blockSize, maxVertical, c.vertical);
      if (quantisation[c.quantisationTable] == null) {
        throw new JpegFormatException("component " + c.id + " has no quantisation table");
      }
      c.idct = new BoxIdct(idctWidth, idctHeight, quantisation[c.quantisationTable]);
      c.blocksPerLine = mcusPerLine * c.horizontal;
      c.blockRows = mcuRows * c.vertical;
      c.scanBlocksPerLine = ceilDiv(ceilDiv(width * c.horizontal, maxHorizontal), 8);
      c.scanBlockRows = ceilDiv(ceilDiv(height * c.vertical, maxVertical), 8);
      c.sampleStride = c.blocksPerLine * idctWidth;
      c.samples = new int[c.sampleStride * c.vertical * idctHeight];
      c.findUsedCoefficients();
    }
    streaming = !progressive && scanComponents == components.length;
    if (!streaming) {
      long bytes = 0;
      for (Component c : components) {
        bytes += c.storageBytes(progressive);
      }
      if (bytes > maxStorageBytes) {
        throw new JpegFormatException("its blocks would take " + bytes / (1024 * 1024) + " MB, over the budget of "
            + maxStorageBytes / (1024 * 1024) + " MB");
      }
      for (Component c : components) {
        int blocks = c.blocksPerLine * c.blockRows;
        c.sums = new float[blocks * c.idct.width * c.idct.height];
        c.nonZero = progressive && c.usesAc() ? new long[blocks] : null;
        c.negative = progressive && c.usesAc() ? new long[blocks] : null;
      }
    }
    outWidth = ceilDiv(width, scale);
    outHeight = ceilDiv(height, scale);
    pixels = new int[outWidth * outHeight];
    prepared = true;
  }

  /** The size of a component's reduced IDCT that brings it to the luma's resolution. */
  private static int idctSize(int blockSize, int max, int own) {
    if (max % own != 0 || Integer.bitCount(max / own) != 1 || blockSize * (max / own) > 8) {
      throw new JpegFormatException("sampling factors " + own + " of " + max + " at 1/" + (8 / blockSize)
          + " (beyond what the reduced IDCT reaches)");
    }
    return blockSize * (max / own);
  }

  private void checkColourSpace() {
    if (components.length == 3) {
      boolean rgb = adobeTransform == 0 && !jfif
          || adobeTransform < 0 && !jfif && components[0].id == 'R' && components[1].id == 'G' && components[2].id == 'B';
      if (rgb) {
        throw new JpegFormatException("RGB components (no YCbCr transform)");
      }
      if (adobeTransform > 1) {
        throw new JpegFormatException("Adobe colour transform " + adobeTransform + " on three components");
      }
      if (iccProfile != null && !isSrgb(iccProfile.toByteArray())) {
        throw new JpegFormatException("an ICC profile other than sRGB");
      }
    }
  }

  private static boolean isSrgb(byte[] profile) {
    try {
      return ColorProfiles.isCS_sRGB(ICC_Profile.getInstance(profile));
    } catch (IllegalArgumentException unreadable) {
      throw new JpegFormatException("an ICC profile Java cannot read");
    }
  }

  // ---- scans ----

  /** Decodes one scan; true when the file ended inside its data. */
  private boolean scan() throws IOException {
    int length = in.readUnsignedShort();
    int count = in.readByte();
    if (count < 1 || count > 4 || length != 6 + 2 * count) {
      throw new JpegFormatException("a scan header of " + length + " bytes for " + count + " components");
    }
    Component[] scanned = new Component[count];
    for (int i = 0; i < count; i++) {
      int id = in.readByte();
      int tables = in.readByte();
      scanned[i] = component(id);
      scanned[i].dcTable = dcTables[tables >> 4 & 3];
      scanned[i].acTable = acTables[tables & 3];
    }
    int spectralStart = in.readByte();
    int spectralEnd = in.readByte();
    int approximation = in.readByte();
    if (!prepared) {
      prepare(count);
    } else if (streaming) {
      throw new JpegFormatException("a second scan in a frame of one");
    }
    Scan scan = scan(scanned, spectralStart, spectralEnd, approximation >> 4, approximation & 15);
    for (Component c : scanned) {
      c.prediction = 0;
    }
    eobRun = 0;
    in.resetBits();
    if (progressive && spectralStart > 0 && !scanned[0].usesAc()) {
      // no pixel of this component depends on its AC coefficients (the luma at 1/8): neither this band
      // nor its refinements need decoding, so its data is only read past to the next marker
      int next = in.skipScanData();
      if (next >= 0 && !canFollowAScan(next)) {
        throw new JpegFormatException("a scan's data ends at marker 0x" + Integer.toHexString(next)
            + ", which cannot follow a scan");
      }
      return next < 0;
    }
    if (streaming) {
      streamScan(scanned);
    } else {
      storedScan(scanned, scan);
    }
    boolean atFileEnd = dataRanShort && in.atEndOfFile();
    if (dataRanShort && !atFileEnd) {
      throw new JpegFormatException("a scan's data ends at a marker before its last block");
    }
    return atFileEnd;
  }

  /** Whether a marker may come after a scan's data: a next scan, tables, a comment, application data, the end. */
  private static boolean canFollowAScan(int marker) {
    return marker == SOS || marker == DHT || marker == DQT || marker == DRI || marker == DNL || marker == EOI
        || marker == COM || marker >= APP0 && marker <= APP0 + 15;
  }

  private Component component(int id) {
    for (Component c : components) {
      if (c.id == id) {
        return c;
      }
    }
    throw new JpegFormatException("a scan of component " + id + ", which the frame does not have");
  }

  /** What a scan holds of its blocks' coefficients. */
  private enum ScanKind { SEQUENTIAL, FIRST_DC, REFINE_DC, FIRST_AC, REFINE_AC }

  /** One scan: its kind, its band of zigzag indices and the bit it starts at (successive approximation). */
  private record Scan(ScanKind kind, int start, int end, int low) {}

  private Scan scan(Component[] scanned, int start, int end, int high, int low) {
    for (Component c : scanned) {
      boolean needsDc = !progressive || start == 0;
      boolean needsAc = !progressive || start > 0;
      if (needsDc && c.dcTable == null || needsAc && c.acTable == null) {
        throw new JpegFormatException("a scan of component " + c.id + " without its Huffman tables");
      }
    }
    if (!progressive) {
      if (start != 0 || end != 63 || high != 0 || low != 0) {
        throw new JpegFormatException("a sequential scan with spectral selection " + start + ".." + end);
      }
      return new Scan(ScanKind.SEQUENTIAL, start, end, low);
    }
    if (end > 63 || start > end || start == 0 && end != 0 || start > 0 && scanned.length != 1 || low > 13) {
      throw new JpegFormatException("a progressive scan with spectral selection " + start + ".." + end
          + " over " + scanned.length + " components");
    }
    if (start == 0) {
      return new Scan(high == 0 ? ScanKind.FIRST_DC : ScanKind.REFINE_DC, start, end, low);
    }
    return new Scan(high == 0 ? ScanKind.FIRST_AC : ScanKind.REFINE_AC, start, end, low);
  }

  /** Decodes one block of a scan into the stored coefficients. */
  private void block(Scan scan, Component c, int block) throws IOException {
    switch (scan.kind()) {
      case SEQUENTIAL -> storedSequentialBlock(c, block);
      case FIRST_DC -> firstDc(c, block, scan.low());
      case REFINE_DC -> refineDc(c, block, scan.low());
      case FIRST_AC -> firstAc(c, block, scan.start(), scan.end(), scan.low());
      case REFINE_AC -> refineAc(c, block, scan.start(), scan.end(), scan.low());
    }
  }

  /** A baseline scan of all components: each MCU row decoded, reduced and converted at once. */
  private void streamScan(Component[] scanned) throws IOException {
    float[] sums = new float[64];
    int mcu = 0;
    int restarts = 0;
    for (int row = 0; row < mcuRows; row++) {
      for (int column = 0; column < mcusPerLine; column++) {
        if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0 && !dataRanShort) {
          restart(scanned, restarts++);
        }
        if (scanned.length == 1) {
          streamBlock(scanned[0], column, 0, sums);
        } else {
          for (Component c : scanned) {
            for (int v = 0; v < c.vertical; v++) {
              for (int h = 0; h < c.horizontal; h++) {
                streamBlock(c, column * c.horizontal + h, v, sums);
              }
            }
          }
        }
        mcu++;
        if (!dataRanShort && in.ranShort()) {
          dataRanShort = true;
        }
      }
      emitRow(row);
    }
  }

  /** Decodes one block of a baseline scan into its component's samples, straight through the reduced IDCT. */
  private void streamBlock(Component c, int blockColumn, int blockRow, float[] sums) throws IOException {
    BoxIdct idct = c.idct;
    if (idct.last == 0) {
      streamDcOnlyBlock(c, blockColumn, blockRow);
      return;
    }
    int[] samples = c.samples;
    int at = blockRow * idct.height * c.sampleStride + blockColumn * idct.width;
    int count = 0;
    float dc = 0;
    if (!dataRanShort) {
      c.prediction += dcDifference(c);
      dc = c.prediction;
      count = in.acCoefficients(c.acTable, idct.last, indices, values);
    }
    if (count == 0) {
      // no AC coefficient the IDCT uses: the block is flat (most chroma blocks of a photo, many luma ones)
      fillBlock(samples, at, c.sampleStride, idct.width, idct.height, clamp(128f + idct.rows[0][0] * dc));
      return;
    }
    int size = idct.width * idct.height;
    Arrays.fill(sums, 0, size, 128f);
    addScaled(sums, idct.rows[0], c.prediction, size);
    for (int i = 0; i < count; i++) {
      float[] row = idct.rows[indices[i]];
      if (row != null) {
        addScaled(sums, row, values[i], size);
      }
    }
    for (int y = 0, from = 0; y < idct.height; y++, from += idct.width) {
      for (int x = 0; x < idct.width; x++) {
        samples[at + x] = clamp(sums[from + x]);
      }
      at += c.sampleStride;
    }
  }

  private static void fillBlock(int[] samples, int at, int stride, int width, int height, int value) {
    for (int y = 0; y < height; y++, at += stride) {
      Arrays.fill(samples, at, at + width, value);
    }
  }

  /** A block whose reduced IDCT uses its DC coefficient alone (1x1 at 1/8): its AC coefficients are only read past. */
  private void streamDcOnlyBlock(Component c, int blockColumn, int blockRow) throws IOException {
    float sum = 128f;
    if (!dataRanShort) {
      c.prediction += dcDifference(c);
      sum += c.idct.rows[0][0] * c.prediction;
      in.acCoefficients(c.acTable, 0, indices, values);
    }
    c.samples[blockRow * c.sampleStride + blockColumn] = clamp(sum);
  }

  private int dcDifference(Component c) throws IOException {
    int bits = in.decode(c.dcTable);
    if (bits > 11) {
      throw new JpegFormatException("a DC difference of " + bits + " bits");
    }
    return in.value(bits);
  }

  private static void addScaled(float[] sums, float[] row, int value, int size) {
    float v = value;
    switch (size) {
      case 1 -> sums[0] += row[0] * v;
      case 2 -> {
        sums[0] += row[0] * v;
        sums[1] += row[1] * v;
      }
      case 4 -> {
        sums[0] += row[0] * v;
        sums[1] += row[1] * v;
        sums[2] += row[2] * v;
        sums[3] += row[3] * v;
      }
      default -> {
        for (int i = 0; i < size; i++) {
          sums[i] += row[i] * v;
        }
      }
    }
  }

  private static int clamp(float value) {
    int rounded = (int) (value + 0.5f);
    return rounded < 0 ? 0 : Math.min(255, rounded);
  }

  /** At a restart interval's end: the marker must be the next in turn; then the predictions start over. */
  private void restart(Component[] scanned, int index) throws IOException {
    int marker = in.nextMarker();
    if (marker < 0) {
      dataRanShort = true;
      return;
    }
    if (marker != RST0 + (index & 7)) {
      throw new JpegFormatException("marker 0x" + Integer.toHexString(marker) + " where restart marker "
          + (index & 7) + " belongs");
    }
    for (Component c : scanned) {
      c.prediction = 0;
    }
    eobRun = 0;
  }

  // ---- frames in several scans ----

  /** A scan whose blocks go to the stored coefficients: one component's blocks in order, or MCUs. */
  private void storedScan(Component[] scanned, Scan scan) throws IOException {
    boolean single = scanned.length == 1;
    int columns = single ? scanned[0].scanBlocksPerLine : mcusPerLine;
    int rows = single ? scanned[0].scanBlockRows : mcuRows;
    int untilRestart = restartInterval;
    int restarts = 0;
    for (int row = 0; row < rows && !dataRanShort; row++) {
      for (int column = 0; column < columns; column++) {
        if (restartInterval > 0 && untilRestart-- == 0) {
          restart(scanned, restarts++);
          untilRestart = restartInterval - 1;
          if (dataRanShort) {
            return;
          }
        }
        if (single) {
          Component c = scanned[0];
          block(scan, c, row * c.blocksPerLine + column);
        } else {
          mcu(scan, scanned, row, column);
        }
        if (in.ranShort()) {
          dataRanShort = true;
          return;
        }
      }
    }
  }

  /** The blocks of one MCU of an interleaved scan. */
  private void mcu(Scan scan, Component[] scanned, int mcuRow, int mcuColumn) throws IOException {
    for (Component c : scanned) {
      for (int v = 0; v < c.vertical; v++) {
        for (int h = 0; h < c.horizontal; h++) {
          block(scan, c, (mcuRow * c.vertical + v) * c.blocksPerLine + mcuColumn * c.horizontal + h);
        }
      }
    }
  }

  private void storedSequentialBlock(Component c, int block) throws IOException {
    c.prediction += dcDifference(c);
    add(c, block, 0, c.prediction);
    int count = in.acCoefficients(c.acTable, c.idct.last, indices, values);
    for (int i = 0; i < count; i++) {
      add(c, block, indices[i], values[i]);
    }
  }

  private void firstDc(Component c, int block, int low) throws IOException {
    c.prediction += dcDifference(c);
    add(c, block, 0, c.prediction << low);
  }

  private void refineDc(Component c, int block, int low) throws IOException {
    if (in.bits(1) != 0) {
      // the bit below those sent so far, which are all the DC's value has: setting it adds it
      add(c, block, 0, 1 << low);
    }
  }

  private void firstAc(Component c, int block, int start, int end, int low) throws IOException {
    if (eobRun > 0) {
      eobRun--;
      return;
    }
    HuffmanTable ac = c.acTable;
    long nonZero = c.nonZero[block];
    for (int k = start; k <= end; k++) {
      int symbol = in.decode(ac);
      int run = symbol >> 4;
      int bits = symbol & 15;
      if (bits != 0) {
        k += run;
        if (k > end) {
          throw new JpegFormatException("a progressive band past its end");
        }
        int value = in.value(bits) << low;
        nonZero |= 1L << k;
        addNew(c, block, k, value);
      } else if (run == 15) {
        k += 15;
      } else {
        eobRun = (1 << run) - 1;
        if (run > 0) {
          eobRun += in.bits(run);
        }
        break;
      }
    }
    c.nonZero[block] = nonZero;
  }

  /**
   * A successive-approximation AC scan: one more bit of every coefficient already non-zero, and new
   * ones, read by {@link JpegInput#refineAc}; then the shares of those the reduced IDCT uses.
   */
  private void refineAc(Component c, int block, int start, int end, int low) throws IOException {
    long[] found = masks;
    found[JpegInput.NON_ZERO] = c.nonZero[block];
    eobRun = in.refineAc(c.acTable, start, end, eobRun, c.usedMask, found);
    long added = found[JpegInput.NON_ZERO] & ~c.nonZero[block] & c.usedMask;
    c.nonZero[block] = found[JpegInput.NON_ZERO];
    int plus = 1 << low;
    int minus = -1 << low;
    for (long left = found[JpegInput.CORRECTED]; left != 0; left &= left - 1) {
      correct(c, block, Long.numberOfTrailingZeros(left), plus, minus);
    }
    long negativeNew = found[JpegInput.NEW_NEGATIVE];
    for (long left = added; left != 0; left &= left - 1) {
      int k = Long.numberOfTrailingZeros(left);
      addNew(c, block, k, (negativeNew >>> k & 1) != 0 ? minus : plus);
    }
  }

  /**
   * A correction bit of a non-zero coefficient: one more bit of its magnitude, away from zero. (In a
   * well-formed file that bit is still clear; libjpeg also checks it, which only files that send a bit
   * twice would tell apart.)
   */
  private static void correct(Component c, int block, int k, int plus, int minus) {
    add(c, block, k, (c.negative[block] >>> k & 1) != 0 ? minus : plus);
  }

  /** A coefficient's first non-zero value in a progressive frame: its share, and its sign for refinements. */
  private static void addNew(Component c, int block, int k, int value) {
    if (value < 0 && c.negative != null && (c.usedMask >>> k & 1) != 0) {
      c.negative[block] |= 1L << k;
    }
    add(c, block, k, value);
  }

  /** Adds coefficient {@code k}'s share of {@code value} to the block's reduced pixels, if it has one. */
  private static void add(Component c, int block, int k, int value) {
    float[] row = c.idct.rows[k];
    if (row == null) {
      return;
    }
    float[] sums = c.sums;
    float v = value;
    int at = block * row.length;
    for (int i = 0; i < row.length; i++) {
      sums[at + i] += row[i] * v;
    }
  }

  // ---- output ----

  private ScaledJpeg finish(String truncation) {
    if (!streaming) {
      for (int row = 0; row < mcuRows; row++) {
        for (Component c : components) {
          reduceStoredRow(c, row);
        }
        emitRow(row);
      }
    }
    return new ScaledJpeg(width, height, scale, outWidth, outHeight, pixels, truncation);
  }

  /** Brings MCU row {@code mcuRow} of a component's stored blocks to its samples. */
  private static void reduceStoredRow(Component c, int mcuRow) {
    BoxIdct idct = c.idct;
    int size = idct.width * idct.height;
    float[] sums = c.sums;
    for (int v = 0; v < c.vertical; v++) {
      int blockRow = mcuRow * c.vertical + v;
      for (int column = 0; column < c.blocksPerLine; column++) {
        int from = (blockRow * c.blocksPerLine + column) * size;
        int at = v * idct.height * c.sampleStride + column * idct.width;
        for (int y = 0; y < idct.height; y++) {
          for (int x = 0; x < idct.width; x++) {
            c.samples[at + x] = clamp(128f + sums[from + y * idct.width + x]);
          }
          at += c.sampleStride;
        }
      }
    }
  }

  /** Converts MCU row {@code row}'s samples to packed RGB in the output, cropped to the image. */
  private void emitRow(int row) {
    int rowsPerMcu = maxVertical * 8 / scale;
    int top = row * rowsPerMcu;
    int rows = Math.min(rowsPerMcu, outHeight - top);
    if (components.length == 1) {
      Component grey = components[0];
      for (int y = 0; y < rows; y++) {
        int from = y * grey.sampleStride;
        int to = (top + y) * outWidth;
        for (int x = 0; x < outWidth; x++) {
          pixels[to + x] = grey.samples[from + x] * 0x010101;
        }
      }
      return;
    }
    Component luma = components[0];
    int[] cb = components[1].samples;
    int[] cr = components[2].samples;
    for (int y = 0; y < rows; y++) {
      int from = y * luma.sampleStride;
      int to = (top + y) * outWidth;
      YCbCr.toRgb(luma.samples, cb, cr, from, pixels, to, outWidth);
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
