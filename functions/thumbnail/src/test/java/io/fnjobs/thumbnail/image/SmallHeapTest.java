package io.fnjobs.thumbnail.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.fntesting.images.SampleImages.ChromaSampling;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thumbnailer in a JVM whose heap could not hold the pixels: a 20000x20000 PNG needs 400 MB (grey)
 * to 1.6 GB (RGBA) decoded; rejected from its header, it never is. An 8000x6000 JPEG needs 144 MB in
 * full; decoded at 1/8 it needs 3 MB.
 */
class SmallHeapTest {

  @TempDir Path dir;

  @Test
  void render_shouldRejectA20000x20000Png_inA32MbHeap() throws Exception {
    Path huge = dir.resolve("huge.png");
    try (OutputStream out = Files.newOutputStream(huge)) {
      SampleImages.hugePng(20_000, 20_000, out);
    }

    Result result = runWithHeap("32m", huge);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("rejected " + ImageTooLargeException.TOO_MANY_PIXELS);
  }

  @Test
  void render_shouldMakeThumbnailsOfAn8000x6000Jpeg_inA48MbHeap() throws Exception {
    Path big = dir.resolve("big.jpg");
    Files.write(big, SampleImages.jpeg(SampleImages.photo(8000, 6000, 41), 0.9f));

    Result result = runWithHeap("48m", big);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("rendered 2 scaled 1/8");
  }

  @Test
  void render_shouldMakeThumbnailsOfAProgressive8000x6000Jpeg_inA48MbHeap() throws Exception {
    Path big = dir.resolve("big.jpg");
    Files.write(big, SampleImages.jpeg(SampleImages.photo(8000, 6000, 42), 0.9f, true, ChromaSampling.S420, 0));

    Result result = runWithHeap("48m", big);

    // kept between its scans as reduced pixels (21 MB at 1/8), under half of this heap
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("rendered 2 scaled 1/8");
  }

  private static Result runWithHeap(String heap, Path file) throws IOException, InterruptedException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-cp", classPath, RenderOnce.class.getName(), file.toString())
        .redirectErrorStream(true)
        .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the child JVM did not finish within 60 s");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private record Result(int exitCode, String output) {}
}
