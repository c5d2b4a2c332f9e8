package io.fnjobs.thumbnail.image;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** Reads the EXIF orientation of a JPEG from its APP1 segment, without decoding the image. */
final class ExifOrientation {

  private ExifOrientation() {}

  /**
   * The orientation the JPEG's EXIF data declares; {@link Orientation#NORMAL} when there is none or it
   * cannot be read (a broken EXIF block must not cost the thumbnail).
   */
  static Orientation of(Path jpeg) {
    try (ImageInputStream in = new FileImageInputStream(jpeg.toFile())) {
      List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
      if (segments.isEmpty()) {
        return Orientation.NORMAL;
      }
      Entry entry = tiffDirectory(segments.get(0)).getEntryById(TIFF.TAG_ORIENTATION);
      return entry != null && entry.getValue() instanceof Number tag ? Orientation.ofTag(tag.intValue()) : Orientation.NORMAL;
    } catch (IOException | RuntimeException unreadable) {
      return Orientation.NORMAL;
    }
  }

  private static Directory tiffDirectory(JPEGSegment exif) throws IOException {
    byte[] data;
    try (InputStream in = exif.data()) {
      data = in.readAllBytes();
    }
    // "Exif" is followed by two zero bytes, of which the segment's identifier takes only one
    int start = 0;
    while (start < data.length && data[start] == 0) {
      start++;
    }
    try (ImageInputStream tiff = new MemoryCacheImageInputStream(new ByteArrayInputStream(data, start, data.length - start))) {
      return new TIFFReader().read(tiff);
    }
  }
}
