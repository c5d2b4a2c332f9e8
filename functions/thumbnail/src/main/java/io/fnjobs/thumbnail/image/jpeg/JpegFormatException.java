package io.fnjobs.thumbnail.image.jpeg;

/**
 * The file is a JPEG this decoder does not take: a kind it leaves to ImageIO (arithmetic coding,
 * 12-bit samples, CMYK, ...) or data that breaks the format other than by ending early (a bad
 * Huffman code, a missing restart marker). Not a verdict on the file: ImageIO decodes it, or refuses
 * it, as it did before this decoder existed.
 */
public final class JpegFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public JpegFormatException(String message) {
    super(message);
  }
}
