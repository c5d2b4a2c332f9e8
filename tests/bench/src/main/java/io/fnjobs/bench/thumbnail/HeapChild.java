package io.fnjobs.bench.thumbnail;

import io.fnjobs.thumbnail.image.ImageLimits;
import io.fnjobs.thumbnail.image.JpegDecoder;
import io.fnjobs.thumbnail.image.PartialImages;
import io.fnjobs.thumbnail.image.Rendering;
import io.fnjobs.thumbnail.image.Thumbnailer;
import java.awt.image.BufferedImage;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Run in a JVM of its own with a small heap: makes thumbnails of one file (with the JPEG decoder named
 * by the third argument, or reads it whole with ImageIO, as the reference) and prints
 * {@code result <outcome>, peak heap <MB>}.
 */
final class HeapChild {

  private HeapChild() {}

  static void main(String[] args) throws Exception {
    String mode = args[1];
    Path file = Path.of(args[2]);
    long started = System.nanoTime();
    String outcome;
    try {
      if (mode.equals("thumbnailer")) {
        JpegDecoder decoder = JpegDecoder.named(args[3]).orElseThrow();
        Rendering rendering = new Thumbnailer(List.of(128, 512), ImageLimits.DEFAULTS, PartialImages.REJECT, decoder)
            .render(file);
        outcome = "ok, " + rendering.thumbnails().size() + " thumbnails, " + rendering.decoder() + " at 1/"
            + rendering.subsampling();
      } else {
        BufferedImage image = ImageIO.read(new File(file.toString()));
        outcome = "ok, " + image.getWidth() + "x" + image.getHeight();
      }
    } catch (OutOfMemoryError e) {
      outcome = "OutOfMemoryError";
    }
    System.out.printf(Locale.ROOT, "result %s, peak heap %.0f MB, %d ms%n", outcome, peakHeapMb(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private static double peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024.0 * 1024.0);
  }
}
