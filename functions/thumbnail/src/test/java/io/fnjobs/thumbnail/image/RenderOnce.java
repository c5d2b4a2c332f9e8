package io.fnjobs.thumbnail.image;

import io.fnjobs.common.job.RejectedException;
import java.nio.file.Path;
import java.util.List;

/** Renders one file with the default settings and prints the outcome; run in a JVM of its own. */
public final class RenderOnce {

  private RenderOnce() {}

  public static void main(String[] args) {
    try {
      Rendering rendering = new Thumbnailer(List.of(128, 512), ImageLimits.DEFAULTS).render(Path.of(args[0]));
      System.out.println("rendered " + rendering.thumbnails().size() + " " + rendering.decoder() + " 1/"
          + rendering.subsampling());
    } catch (RejectedException e) {
      System.out.println("rejected " + e.code());
    }
  }
}
