package io.fnjobs.fntesting.images;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Images made on the spot for tests and benchmarks: photo-like pictures (gradients, soft shapes, a
 * little sensor noise) in the common formats, JPEGs with an EXIF orientation, and PNGs whose header
 * declares a huge size while the file stays small, written in constant memory.
 */
public final class SampleImages {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private SampleImages() {}

  /** A photo-like picture: the same {@code seed} gives the same pixels. */
  public static BufferedImage photo(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(new GradientPaint(0, 0, randomColor(random), width, height, randomColor(random)));
      g.fillRect(0, 0, width, height);
      int shapes = 24;
      for (int i = 0; i < shapes; i++) {
        int w = width / 12 + random.nextInt(Math.max(1, width / 3));
        int h = height / 12 + random.nextInt(Math.max(1, height / 3));
        int x = random.nextInt(Math.max(1, width)) - w / 2;
        int y = random.nextInt(Math.max(1, height)) - h / 2;
        g.setPaint(new GradientPaint(x, y, randomColor(random), x + w, y + h, randomColor(random)));
        if (random.nextBoolean()) {
          g.fillOval(x, y, w, h);
        } else {
          g.fillRoundRect(x, y, w, h, w / 4, h / 4);
        }
      }
    } finally {
      g.dispose();
    }
    addNoise(image, random, 3);
    return image;
  }

  /** A picture with a transparent background and an opaque disc in the middle. */
  public static BufferedImage withAlpha(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      g.setColor(new Color(0, 0, 0, 0));
      g.fillRect(0, 0, width, height);
      g.setColor(new Color(200, 40, 40, 255));
      g.fillOval(width / 4, height / 4, width / 2, height / 2);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static Color randomColor(Random random) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
  }

  private static void addNoise(BufferedImage image, Random random, int amplitude) {
    int[] row = new int[image.getWidth()];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, row.length, 1, row, 0, row.length);
      for (int x = 0; x < row.length; x++) {
        int n = random.nextInt(2 * amplitude + 1) - amplitude;
        int rgb = row[x];
        row[x] = clamp(((rgb >> 16) & 0xff) + n) << 16 | clamp(((rgb >> 8) & 0xff) + n) << 8 | clamp((rgb & 0xff) + n);
      }
      image.setRGB(0, y, row.length, 1, row, 0, row.length);
    }
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }

  /** The image as a JPEG of the given quality (0 to 1). */
  public static byte[] jpeg(BufferedImage image, float quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** How the luma of a colour JPEG is sampled against its chroma. */
  public enum ChromaSampling {
    /** Chroma at half the width and half the height (what most cameras and encoders write). */
    S420(2, 2),
    /** Chroma at half the width. */
    S422(2, 1),
    /** Chroma at full size. */
    S444(1, 1);

    private final int horizontal;
    private final int vertical;

    ChromaSampling(int horizontal, int vertical) {
      this.horizontal = horizontal;
      this.vertical = vertical;
    }
  }

  /**
   * The image as a JPEG written by ImageIO's own writer with the given options: progressive (with
   * libjpeg's scan script: spectral selection and successive approximation), the chroma sampling of
   * a colour image, and a restart marker every {@code restartInterval} MCUs (0 for none). A
   * {@code TYPE_BYTE_GRAY} image makes a one-component JPEG.
   */
  public static byte[] jpeg(BufferedImage image, float quality, boolean progressive, ChromaSampling sampling,
      int restartInterval) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
      String format = "javax_imageio_jpeg_image_1.0";
      IIOMetadataNode tree = (IIOMetadataNode) metadata.getAsTree(format);
      IIOMetadataNode markers = (IIOMetadataNode) tree.getElementsByTagName("markerSequence").item(0);
      IIOMetadataNode luma = (IIOMetadataNode) tree.getElementsByTagName("componentSpec").item(0);
      if (tree.getElementsByTagName("componentSpec").getLength() == 3) {
        luma.setAttribute("HsamplingFactor", String.valueOf(sampling.horizontal));
        luma.setAttribute("VsamplingFactor", String.valueOf(sampling.vertical));
      }
      if (restartInterval > 0) {
        IIOMetadataNode dri = new IIOMetadataNode("dri");
        dri.setAttribute("interval", String.valueOf(restartInterval));
        markers.insertBefore(dri, tree.getElementsByTagName("sof").item(0));
      }
      metadata.setFromTree(format, tree);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } catch (IIOInvalidTreeException e) {
      throw new IllegalStateException("ImageIO's JPEG writer refused its own metadata", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** The image in shades of grey, as a one-component image ({@code TYPE_BYTE_GRAY}). */
  public static BufferedImage grey(BufferedImage image) {
    BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = grey.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return grey;
  }

  /** The image in a format ImageIO writes: {@code png}, {@code gif}, {@code bmp}. */
  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, bytes)) {
        throw new IllegalArgumentException("no ImageIO writer for " + format + " images of type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The JPEG with an EXIF block (APP1) right after its start marker declaring {@code orientation}
   * (1 to 8; 6 means "rotate 90 degrees clockwise to view"), as cameras write it.
   */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    if ((jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
      throw new IllegalArgumentException("not a JPEG: it does not start with FFD8");
    }
    // TIFF header (little-endian), one IFD with one entry: Orientation (274), SHORT, count 1
    ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    tiff.putShort((short) 1);
    tiff.putShort((short) 274).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0);
    byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    int length = 2 + exif.length + tiff.capacity();
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + length + 2);
    out.write(jpeg, 0, 2);
    out.write(0xff);
    out.write(0xe1);
    out.write(length >> 8);
    out.write(length & 0xff);
    out.writeBytes(exif);
    out.writeBytes(tiff.array());
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /**
   * A valid grey PNG of {@code width} x {@code height} pixels, all black: its header says so, its data
   * inflates to width x height bytes, and the file stays small (about a thousandth of that). Written
   * row by row, so the pixels never exist in memory.
   */
  public static void hugePng(int width, int height, OutputStream target) {
    try {
      DataOutputStream out = new DataOutputStream(target);
      out.write(PNG_SIGNATURE);
      ByteBuffer header = ByteBuffer.allocate(13);
      header.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
      chunk(out, "IHDR", header.array());
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      Deflater deflater = new Deflater(Deflater.BEST_SPEED);
      try (DeflaterOutputStream deflating = new DeflaterOutputStream(compressed, deflater, 64 * 1024)) {
        byte[] row = new byte[width + 1]; // filter type 0, then black pixels
        for (int y = 0; y < height; y++) {
          deflating.write(row);
        }
      } finally {
        deflater.end();
      }
      chunk(out, "IDAT", compressed.toByteArray());
      chunk(out, "IEND", new byte[0]);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #hugePng(int, int, OutputStream)} as bytes. */
  public static byte[] hugePng(int width, int height) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    hugePng(width, height, bytes);
    return bytes.toByteArray();
  }

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(name);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }
}
