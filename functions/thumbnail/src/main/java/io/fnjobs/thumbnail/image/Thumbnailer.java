package io.fnjobs.thumbnail.image;

import io.fnjobs.thumbnail.image.jpeg.JpegFormatException;
import io.fnjobs.thumbnail.image.jpeg.ScaledJpeg;
import io.fnjobs.thumbnail.image.jpeg.ScaledJpegDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes the thumbnails of one image file, one per bounding box, from a single decode.
 *
 * <p>The header is read first: an empty file, a file over the byte limit, of an unknown format, or
 * declaring more pixels than the pixel limit is refused before any pixel is allocated. A JPEG at least
 * twice the largest box is then decoded straight at 1/2, 1/4 or 1/8 of its size, the smallest that
 * still covers the largest box, each pixel the mean of those it covers ({@link ScaledJpegDecoder},
 * "shrink on load" as libvips has it); any other image, and a JPEG that decoder declines, is decoded
 * subsampled by ImageIO (every n-th pixel of every n-th row, so a 100-megapixel image never exists in
 * memory at full size) to at least {@value #OVERSAMPLING} times the largest box. Either decode is shrunk
 * by halving and a last Lanczos-3 step (see {@link Resampler}) to each box in turn, largest first, with
 * every pixel kept where it lies on the original (see {@link Axis}). No image is enlarged: a box larger than the
 * image gets the image at its own size. The EXIF orientation of a JPEG is applied to each thumbnail.
 * An image whose file ends early is refused, or made into thumbnails marked partial, as
 * {@link PartialImages} says.
 *
 * <p>Refusals are {@link io.fnjobs.common.job.RejectedException}s ({@link EmptyFileException},
 * {@link UnsupportedImageException}, {@link CorruptImageException}, {@link ImageTooLargeException}): the
 * same file would be refused again. An {@link UncheckedIOException} means the file could not be read and
 * may be worth another try. Every message names the file by the name the caller gives (the original's
 * key), never by its path (see {@link FileErrors}). Instances are immutable and thread-safe.
 */
public final class Thumbnailer {

  /**
   * How many times the largest box the subsampled decode keeps at least. Point subsampling aliases;
   * the halving and the stretched Lanczos kernel after it average that away, the more pixels they get
   * the better. A JPEG is decoded in full by the codec whatever the subsampling, so a lower factor
   * costs little time, only memory.
   */
  static final int OVERSAMPLING = 4;

  private static final float JPEG_QUALITY = 0.85f;

  /**
   * The share of the heap (one in this many) a JPEG in several scans (progressive) may take between
   * its scans while it is decoded at a reduced size (as reduced pixels: 21 MB for an 8000x6000 4:2:0
   * JPEG at 1/8); a larger one goes to ImageIO, which keeps its coefficients outside the heap.
   */
  private static final int COEFFICIENT_SHARE_OF_HEAP = 2;

  private final List<Integer> boxes;
  private final ImageLimits limits;
  private final PartialImages partialImages;
  private final JpegDecoder jpegDecoder;
  private final ImageReaders readers = new ImageReaders();

  /** A thumbnailer that refuses partial images. */
  public Thumbnailer(List<Integer> boxes, ImageLimits limits) {
    this(boxes, limits, PartialImages.REJECT);
  }

  /** A thumbnailer that decodes large JPEGs at a reduced size. */
  public Thumbnailer(List<Integer> boxes, ImageLimits limits, PartialImages partialImages) {
    this(boxes, limits, partialImages, JpegDecoder.SCALED);
  }

  /**
   * @param boxes bounding boxes in pixels (the longest side of each thumbnail), in any order
   */
  public Thumbnailer(List<Integer> boxes, ImageLimits limits, PartialImages partialImages, JpegDecoder jpegDecoder) {
    if (boxes.isEmpty() || boxes.stream().anyMatch(box -> box < 1)) {
      throw new IllegalArgumentException("boxes must be one or more positive sizes, were " + boxes);
    }
    this.boxes = boxes.stream().distinct().sorted(Comparator.reverseOrder()).toList();
    this.limits = limits;
    this.partialImages = partialImages;
    this.jpegDecoder = jpegDecoder;
  }

  /** The boxes, largest first. */
  public List<Integer> boxes() {
    return boxes;
  }

  public ImageLimits limits() {
    return limits;
  }

  /** Makes the thumbnails of the image in {@code file}, encoded; messages name it by its file name. */
  public Rendering render(Path file) {
    return render(file, String.valueOf(file.getFileName()));
  }

  /**
   * Makes the thumbnails of the image in {@code file}, encoded.
   *
   * @param name the file as the people who read the messages know it (the original's key)
   */
  public Rendering render(Path file, String name) {
    Resized resized = resize(file, name);
    long started = System.nanoTime();
    List<Thumbnail> thumbnails = new ArrayList<>(resized.images().size());
    try {
      for (int i = 0; i < resized.images().size(); i++) {
        thumbnails.add(encode(boxes.get(i), resized.images().get(i)));
      }
    } catch (IOException e) {
      throw FileErrors.failed("cannot encode a thumbnail of", name, file, e);
    }
    return new Rendering(resized.format(), resized.width(), resized.height(), resized.orientation(),
        resized.subsampling(), resized.decoder(), thumbnails, resized.partialReason(), new Rendering.Timings(resized.probeMillis(),
        resized.decodeMillis(), resized.resizeMillis(), millis(System.nanoTime() - started)));
  }

  /** {@link #resize(Path, String)}, naming the file by its file name. */
  public Resized resize(Path file) {
    return resize(file, String.valueOf(file.getFileName()));
  }

  /**
   * The thumbnails of the image in {@code file} as pixels, before encoding: what {@link #render} encodes,
   * and what a quality comparison looks at.
   *
   * @param name the file as the people who read the messages know it (the original's key)
   */
  public Resized resize(Path file, String name) {
    long size = sizeOf(file, name);
    if (size == 0) {
      throw new EmptyFileException(name);
    }
    if (size > limits.maxBytes()) {
      throw ImageTooLargeException.bytes(name, size, limits.maxBytes());
    }
    long started = System.nanoTime();
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      ImageReader reader = readers.readerFor(in)
          .orElseThrow(() -> new UnsupportedImageException(name, firstBytes(file)));
      try {
        reader.setInput(in, true, false);
        return resize(new Source(file, name, size), reader, started);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw FileErrors.failed("cannot read the image file", name, file, e);
    }
  }

  private Resized resize(Source source, ImageReader reader, long started) throws IOException {
    String format = reader.getFormatName().toLowerCase(Locale.ROOT);
    TruncationCheck truncation = TruncationCheck.listeningTo(reader);
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IIOException | EOFException | RuntimeException e) {
      throw new CorruptImageException(format, source.name(), e);
    }
    if ((long) width * height > limits.maxPixels()) {
      throw ImageTooLargeException.pixels(source.name(), width, height, limits.maxPixels());
    }
    Orientation orientation = "jpeg".equals(format) ? ExifOrientation.of(source.file()) : Orientation.NORMAL;
    long probed = System.nanoTime();

    Decode decode = "jpeg".equals(format) ? decodeJpeg(reader, source, width, height, truncation)
        : decodeWithImageIo(reader, format, source, width, height, truncation);
    if (decode.partialReason() != null && partialImages == PartialImages.REJECT) {
      throw CorruptImageException.truncated(format, source.name(), decode.partialReason());
    }
    long decodedAt = System.nanoTime();

    List<BufferedImage> images = resizeAll(decode.resampler(), width, height, orientation);
    return new Resized(format, width, height, orientation, decode.subsampling(), decode.decoder(), images,
        decode.partialReason(), millis(probed - started), millis(decodedAt - probed),
        millis(System.nanoTime() - decodedAt));
  }

  /**
   * A decode on its way to the thumbnails: how it was made ({@code subsampling}: the decode is 1/n of
   * the original on each axis), and what shows that the file ends early, or null.
   */
  private record Decode(Resampler resampler, int subsampling, String decoder, String partialReason) {}

  private Decode decodeJpeg(ImageReader reader, Source source, int width, int height, TruncationCheck truncation)
      throws IOException {
    int scale = jpegDecoder == JpegDecoder.SCALED ? dctScale(Math.max(width, height), boxes.get(0)) : 1;
    if (scale > 1) {
      Optional<ScaledJpeg> scaled = decodeScaled(source, scale);
      if (scaled.isPresent()) {
        ScaledJpeg jpeg = scaled.get();
        Resampler resampler = new Resampler(jpeg.pixels(), Axis.reduced(width, jpeg.decodedWidth(), scale),
            Axis.reduced(height, jpeg.decodedHeight(), scale));
        String partialReason = jpeg.truncation() == null ? null : TruncationCheck.decoderReports(jpeg.truncation());
        return new Decode(resampler, scale, Rendering.SCALED_DECODER, partialReason);
      }
    }
    return decodeWithImageIo(reader, "jpeg", source, width, height, truncation);
  }

  /** The JPEG at 1/{@code scale}, or empty when the scaled decoder leaves it to ImageIO. */
  private static Optional<ScaledJpeg> decodeScaled(Source source, int scale) {
    try (InputStream in = Files.newInputStream(source.file())) {
      return Optional.of(ScaledJpegDecoder.decode(in, scale, Runtime.getRuntime().maxMemory() / COEFFICIENT_SHARE_OF_HEAP));
    } catch (JpegFormatException declined) {
      return Optional.empty();
    } catch (IOException e) {
      throw FileErrors.failed("cannot read the image file", source.name(), source.file(), e);
    }
  }

  private Decode decodeWithImageIo(ImageReader reader, String format, Source source, int width, int height,
      TruncationCheck truncation) throws IOException {
    int subsampling = subsampling(Math.max(width, height), boxes.get(0));
    Resampler resampler = decode(reader, format, source.name(), width, height, subsampling);
    String partialReason = truncation.evidence(format, source.file(), source.size()).orElse(null);
    return new Decode(resampler, subsampling, Rendering.IMAGEIO_DECODER, partialReason);
  }

  /** The image file being read: where it lies, what people call it, its length. */
  private record Source(Path file, String name, long size) {}

  /**
   * The thumbnails of one image as pixels, largest box first, and the time each stage took (ms).
   * {@code partialReason} says what shows that the file ended early, when it did (and partial images
   * are accepted); null otherwise.
   */
  public record Resized(
      String format, int width, int height, Orientation orientation, int subsampling, String decoder,
      List<BufferedImage> images, String partialReason, long probeMillis, long decodeMillis, long resizeMillis) {}

  /**
   * The reduction of a DCT-scaled JPEG decode: the largest of 8, 4 and 2 that leaves the longest side
   * at least the largest box, or 1 when even half of it is smaller (the image is decoded in full).
   * Each decoded pixel is the mean of those it covers, so this reduction is a box filter; the
   * Lanczos step after it is left between 1 and 2 times, which keeps the thumbnails above 50 dB PSNR
   * against vipsthumbnail's on 12 MP photos (see tests/bench).
   */
  static int dctScale(int longestSide, int largestBox) {
    for (int scale = 8; scale > 1; scale /= 2) {
      if ((longestSide + scale - 1) / scale >= largestBox) {
        return scale;
      }
    }
    return 1;
  }

  /** The subsampling that keeps the decoded image at least {@link #OVERSAMPLING} times the box. */
  static int subsampling(int longestSide, int largestBox) {
    return Math.max(1, longestSide / (OVERSAMPLING * largestBox));
  }

  /** The size of an image {@code width} x {@code height} fitted into a square box, never enlarged. */
  static int[] fit(int width, int height, int box) {
    int longest = Math.max(width, height);
    if (longest <= box) {
      return new int[] {width, height};
    }
    double scale = (double) box / longest;
    return new int[] {Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale))};
  }

  /**
   * Decodes every {@code subsampling}-th pixel of every {@code subsampling}-th row, taking the middle
   * pixel of each cell so that the kept pixels sit evenly over the image, and hands the pixels to a
   * resampler that knows where they lie.
   */
  private static Resampler decode(ImageReader reader, String format, String name, int width, int height,
      int subsampling) throws IOException {
    ImageReadParam param = reader.getDefaultReadParam();
    int offsetX = Axis.centredOffset(subsampling, width);
    int offsetY = Axis.centredOffset(subsampling, height);
    if (subsampling > 1) {
      param.setSourceSubsampling(subsampling, subsampling, offsetX, offsetY);
    }
    BufferedImage decoded;
    try {
      decoded = reader.read(0, param);
    } catch (IIOException | EOFException | RuntimeException e) {
      throw new CorruptImageException(format, name, e);
    }
    return new Resampler(decoded, Axis.decoded(width, decoded.getWidth(), subsampling, offsetX),
        Axis.decoded(height, decoded.getHeight(), subsampling, offsetY));
  }

  private List<BufferedImage> resizeAll(Resampler resampler, int width, int height, Orientation orientation) {
    List<BufferedImage> resized = new ArrayList<>(boxes.size());
    for (int box : boxes) {
      int[] target = fit(width, height, box);
      resized.add(orientation.apply(resampler.shrinkTo(target[0], target[1])));
    }
    return resized;
  }

  private static Thumbnail encode(int box, BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    String contentType;
    if (hasTransparency(image)) {
      contentType = Thumbnail.PNG;
      ImageIO.write(image, "png", bytes);
    } else {
      contentType = Thumbnail.JPEG;
      writeJpeg(opaque(image), bytes);
    }
    return new Thumbnail(box, image.getWidth(), image.getHeight(), contentType, bytes.toByteArray());
  }

  private static boolean hasTransparency(BufferedImage image) {
    if (!image.getColorModel().hasAlpha()) {
      return false;
    }
    int[] row = new int[image.getWidth()];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, row.length, 1, row, 0, row.length);
      for (int argb : row) {
        if ((argb >>> 24) != 0xff) {
          return true;
        }
      }
    }
    return false;
  }

  private static BufferedImage opaque(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private static void writeJpeg(BufferedImage image, ByteArrayOutputStream bytes) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JVM has no JPEG writer");
    }
    ImageWriter writer = writers.next();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
  }

  private static long sizeOf(Path file, String name) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw FileErrors.failed("cannot read the image file", name, file, e);
    }
  }

  private static String firstBytes(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] start = in.readNBytes(8);
      return "no reader recognises its first bytes (0x" + HexFormat.of().formatHex(start) + ")";
    } catch (IOException e) {
      return "its first bytes cannot be read (" + e.getClass().getSimpleName() + ")";
    }
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
