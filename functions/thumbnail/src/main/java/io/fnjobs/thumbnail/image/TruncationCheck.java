package io.fnjobs.thumbnail.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Tells whether a decoded image lacks part of its data because its file ends early. The PNG, GIF, BMP
 * and lossy WebP decoders throw on a short file; two decoders do not: the JPEG decoder fills what is
 * missing with grey and warns ("Truncated File - Missing EOI marker", "premature end of data
 * segment"), and the lossless WebP decoder may return without a word. So this listens to the
 * decoder's warnings for those that mean missing data (others, e.g. about a CMYK JPEG's missing colour
 * profile, mean nothing here), and compares a WebP file's length with the size its RIFF header
 * declares. A file that only lacks its trailer (a PNG's IEND, a GIF's last byte) decodes whole, and
 * passes.
 */
final class TruncationCheck implements IIOReadWarningListener {

  // a decoder may repeat one warning per row: a few distinct ones tell enough
  private static final int MAX_SIGNS = 4;
  private static final int RIFF_HEADER = 12;

  private final Set<String> signs = new LinkedHashSet<>();

  private TruncationCheck() {}

  /** A check that hears the warnings {@code reader} gives from now on. */
  static TruncationCheck listeningTo(ImageReader reader) {
    TruncationCheck check = new TruncationCheck();
    reader.addIIOReadWarningListener(check);
    return check;
  }

  @Override
  public void warningOccurred(ImageReader source, String warning) {
    if (warning != null && meansMissingData(warning) && signs.size() < MAX_SIGNS) {
      signs.add(warning.trim());
    }
  }

  static boolean meansMissingData(String warning) {
    String lower = warning.toLowerCase(Locale.ROOT);
    return lower.contains("truncated") || lower.contains("premature end");
  }

  /** What shows that the image in {@code file} ({@code size} bytes) was decoded from part of its data. */
  Optional<String> evidence(String format, Path file, long size) throws IOException {
    if (!signs.isEmpty()) {
      return Optional.of(decoderReports(String.join("; ", signs)));
    }
    return "webp".equals(format) ? riffShortfall(file, size) : Optional.empty();
  }

  /** The evidence of a truncation a decoder's {@code warnings} show. */
  static String decoderReports(String warnings) {
    return "the decoder reports: " + warnings;
  }

  /** A RIFF file (WebP) declares its length after the first four bytes: fewer bytes than that are a cut. */
  static Optional<String> riffShortfall(Path file, long size) throws IOException {
    byte[] header;
    try (InputStream in = Files.newInputStream(file)) {
      header = in.readNBytes(RIFF_HEADER);
    }
    if (header.length < RIFF_HEADER || !"RIFF".equals(new String(header, 0, 4, StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    long declared = 8 + Integer.toUnsignedLong(ByteBuffer.wrap(header, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    return size < declared
        ? Optional.of("the file has " + size + " of the " + declared + " bytes its RIFF header declares")
        : Optional.empty();
  }
}
