package io.fnjobs.thumbnail.image.jpeg;

import java.util.Arrays;

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
   * Several scans only: per block, the coefficients the reduced IDCT uses ({@link #slots} of them, at
   * their zigzag index's {@link #slotOf}), and which of all 64 are non-zero (refinement scans need it).
   */
  short[] coefficients;
  long[] nonZero;
  int slots;
  final int[] slotOf = new int[64];
  /** The zigzag index of each slot. */
  final int[] zigzagOf = new int[64];
  /** The zigzag indices with a slot, as a bit mask. */
  long usedMask;

  Component(int id, int horizontal, int vertical, int quantisationTable) {
    this.id = id;
    this.horizontal = horizontal;
    this.vertical = vertical;
    this.quantisationTable = quantisationTable;
  }

  /** Numbers the coefficients the IDCT uses, in zigzag order. */
  void assignSlots() {
    Arrays.fill(slotOf, -1);
    slots = 0;
    usedMask = 0;
    for (int k = 0; k < 64; k++) {
      if (idct.rows[k] != null) {
        zigzagOf[slots] = k;
        slotOf[k] = slots++;
        usedMask |= 1L << k;
      }
    }
  }

  /** Bytes {@link #coefficients} and {@link #nonZero} would take. */
  long storageBytes(boolean refinements) {
    long blocks = (long) blocksPerLine * blockRows;
    return blocks * (2L * slots + (refinements ? 8 : 0));
  }
}
