package io.fnjobs.thumbnail.image.jpeg;

/**
 * One colour component of a frame (Y, Cb, Cr or grey): its sampling, its tables, where its blocks go,
 * and, for a frame decoded in several scans, its coefficients between the scans.
 */
final class Component {

  final int id;
  final int horizontal;
  final int vertical;
  final int quantisationTable;

  /** Blocks per row and rows of blocks of the whole MCU grid. */
  int blocksPerLine;
  int blockRows;
  /** Blocks per row and rows of blocks a scan of this component alone covers (no MCU padding). */
  int scanBlocksPerLine;
  int scanBlockRows;

  HuffmanTable dcTable;
  HuffmanTable acTable;
  int prediction;

  /** The reduced IDCT of this component's blocks; set at the first scan, with the tables then in force. */
  BoxIdct idct;

  /** One MCU row of decoded samples, {@code sampleStride} wide. */
  int[] samples;
  int sampleStride;

  /**
   * Several scans only, per block: the reduced block's pixels so far, less the 128 of the level shift
   * ({@code idct.width * idct.height} of them). The IDCT is linear, so each coefficient (or refinement
   * bit) adds its share as it comes, and a block takes as much as its reduced pixels rather than its
   * coefficients (4 floats, not 25 shorts, for a 4:2:0 chroma block at 1/8).
   */
  float[] sums;
  /**
   * Progressive only, per block: which of all 64 coefficients are non-zero (refinement scans need it);
   * null when the IDCT uses the DC coefficient alone, whose AC scans are read past undecoded.
   */
  long[] nonZero;
  /**
   * Progressive only, per block: which of the coefficients the IDCT uses are negative (a refinement
   * bit moves a coefficient away from zero); null when the IDCT uses the DC coefficient alone.
   */
  long[] negative;
  /** The zigzag indices the IDCT uses, as a bit mask. */
  long usedMask;

  Component(int id, int horizontal, int vertical, int quantisationTable) {
    this.id = id;
    this.horizontal = horizontal;
    this.vertical = vertical;
    this.quantisationTable = quantisationTable;
  }

  /** Notes which coefficients the IDCT uses. */
  void findUsedCoefficients() {
    usedMask = 0;
    for (int k = 0; k < 64; k++) {
      if (idct.rows[k] != null) {
        usedMask |= 1L << k;
      }
    }
  }

  /** Whether the IDCT uses AC coefficients, whose signs a progressive frame must then keep. */
  boolean usesAc() {
    return (usedMask & ~1L) != 0;
  }

  /** Bytes {@link #sums}, {@link #nonZero} and {@link #negative} would take. */
  long storageBytes(boolean progressive) {
    long blocks = (long) blocksPerLine * blockRows;
    long perBlock = 4L * idct.width * idct.height;
    if (progressive && usesAc()) {
      perBlock += 16;
    }
    return blocks * perBlock;
  }
}
