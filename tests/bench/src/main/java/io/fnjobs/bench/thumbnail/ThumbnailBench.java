package io.fnjobs.bench.thumbnail;

import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.thumbnail.image.ImageLimits;
import io.fnjobs.thumbnail.image.Thumbnailer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The thumbnailer against {@code vipsthumbnail} on the same images in the same run: CPU per 4000x3000
 * JPEG to a 256 px box, and how close the pixels come to vips's (PSNR); then the heap an 8000x6000
 * JPEG needs, in a JVM limited to 64 MB, against a plain full-size {@code ImageIO.read}.
 *
 * <p>Arguments: {@code [images, default 6] [measured rounds, default 5]}. Needs {@code vipsthumbnail}
 * on the PATH (Debian: libvips-tools).
 */
public final class ThumbnailBench {

  private static final int BOX = 256;

  private final int images;
  private final int rounds;
  private final Path dir;
  private final List<String> rows = new ArrayList<>();
  private final List<String> heapRows = new ArrayList<>();

  private ThumbnailBench(int images, int rounds, Path dir) {
    this.images = images;
    this.rounds = rounds;
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("heap-child")) {
      HeapChild.main(args);
      return;
    }
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("thumbnail-bench");
    new ThumbnailBench(images, rounds, dir).run();
  }

  private void run() throws Exception {
    List<Path> photos = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      Path photo = dir.resolve("photo-" + i + ".jpg");
      Files.write(photo, SampleImages.jpeg(SampleImages.photo(4000, 3000, 100 + i), 0.9f));
      photos.add(photo);
    }
    System.out.printf("%d photo-like 4000x3000 JPEGs (q90, %d KB on average) in %s%n", images,
        photos.stream().mapToLong(ThumbnailBench::size).sum() / images / 1024, dir);

    double vipsCpu = vipsCpuPerImage(photos);
    Thumbnailer thumbnailer = new Thumbnailer(List.of(BOX), ImageLimits.DEFAULTS);
    double[] javaCpu = javaCpuPerImage(thumbnailer, photos);
    row("vipsthumbnail -s 256 (JPEG out)", String.format(Locale.ROOT, "%.1f ms", vipsCpu), "1.00x", "reference");
    row("Thumbnailer 256 (JPEG out), process CPU", String.format(Locale.ROOT, "%.1f ms", javaCpu[0]),
        String.format(Locale.ROOT, "%.2fx", javaCpu[0] / vipsCpu), "goal <= 1.5x");
    row("Thumbnailer 256 (JPEG out), thread CPU", String.format(Locale.ROOT, "%.1f ms", javaCpu[1]),
        String.format(Locale.ROOT, "%.2fx", javaCpu[1] / vipsCpu), "decode+resize+encode");
    quality(thumbnailer, photos);
    heap();
    print();
  }

  /** CPU of vipsthumbnail's processes, from the shell's {@code times}, per image. */
  private double vipsCpuPerImage(List<Path> photos) throws IOException, InterruptedException {
    StringBuilder command = new StringBuilder();
    for (int round = 0; round < rounds; round++) {
      command.append("vipsthumbnail -s ").append(BOX).append(" -o 'tn_%s.jpg[Q=85]'");
      photos.forEach(photo -> command.append(' ').append(photo));
      command.append(" && ");
    }
    command.append("times");
    String output = shell(command.toString());
    // "times" prints the shell's own user/sys, then its children's
    Matcher matcher = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s").matcher(output);
    matcher.find();
    if (!matcher.find()) {
      throw new IllegalStateException("cannot read the CPU times of vipsthumbnail from: " + output);
    }
    double seconds = Integer.parseInt(matcher.group(1)) * 60 + Double.parseDouble(matcher.group(2))
        + Integer.parseInt(matcher.group(3)) * 60 + Double.parseDouble(matcher.group(4));
    return seconds * 1000 / (rounds * photos.size());
  }

  /** Process CPU (all threads: GC, JIT) and the calling thread's CPU, per image, after a warm-up. */
  private double[] javaCpuPerImage(Thumbnailer thumbnailer, List<Path> photos) {
    for (int i = 0; i < 3; i++) {
      photos.forEach(thumbnailer::render);
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var threads = ManagementFactory.getThreadMXBean();
    long process = os.getProcessCpuTime();
    long thread = threads.getCurrentThreadCpuTime();
    for (int round = 0; round < rounds; round++) {
      photos.forEach(thumbnailer::render);
    }
    double count = rounds * photos.size();
    return new double[] {(os.getProcessCpuTime() - process) / 1e6 / count,
        (threads.getCurrentThreadCpuTime() - thread) / 1e6 / count};
  }

  /** PSNR of the thumbnailer's pixels (before encoding) and of its JPEG, against vips's lossless output. */
  private void quality(Thumbnailer thumbnailer, List<Path> photos) throws IOException, InterruptedException {
    StringBuilder command = new StringBuilder("vipsthumbnail -s " + BOX + " -o 'tn_%s.png'");
    photos.forEach(photo -> command.append(' ').append(photo));
    shell(command.toString());
    double pixelsWorst = Double.MAX_VALUE;
    double pixelsSum = 0;
    double jpegSum = 0;
    double vipsJpegSum = 0;
    for (Path photo : photos) {
      String name = photo.getFileName().toString().replace(".jpg", "");
      BufferedImage vips = ImageIO.read(dir.resolve("tn_" + name + ".png").toFile());
      BufferedImage ours = thumbnailer.resize(photo).images().get(0);
      BufferedImage ourJpeg = ImageIO.read(new java.io.ByteArrayInputStream(thumbnailer.render(photo).thumbnails().get(0).bytes()));
      double psnr = Psnr.of(ours, vips);
      pixelsWorst = Math.min(pixelsWorst, psnr);
      pixelsSum += psnr;
      jpegSum += Psnr.of(ourJpeg, vips);
      vipsJpegSum += Psnr.of(ImageIO.read(dir.resolve("tn_" + name + ".jpg").toFile()), vips);
    }
    row("PSNR vs vips, pixels before encoding", String.format(Locale.ROOT, "%.1f dB", pixelsSum / photos.size()),
        String.format(Locale.ROOT, "worst %.1f dB", pixelsWorst), "goal >= 40 dB");
    row("PSNR vs vips, our JPEG (q85) decoded", String.format(Locale.ROOT, "%.1f dB", jpegSum / photos.size()), "",
        "encoder loss included");
    row("PSNR vs vips, vips's own JPEG (Q85)", String.format(Locale.ROOT, "%.1f dB", vipsJpegSum / photos.size()), "",
        "the same loss at vips");
  }

  /** An 8000x6000 JPEG in a JVM of 64 MB heap: the thumbnailer, and a full-size ImageIO.read as reference. */
  private void heap() throws IOException, InterruptedException {
    Path big = dir.resolve("big-8000x6000.jpg");
    Files.write(big, SampleImages.jpeg(SampleImages.photo(8000, 6000, 7), 0.9f));
    for (String[] run : new String[][] {{"64m", "thumbnailer"}, {"32m", "thumbnailer"}, {"64m", "imageio-read"}}) {
      String result = childJvm("-Xmx" + run[0], "heap-child", run[1], big.toString());
      heapRows.add(String.format(Locale.ROOT, "| %-46s | %-72s |", "8000x6000 JPEG, -Xmx" + run[0] + ", "
          + (run[1].equals("thumbnailer") ? "Thumbnailer 128,512" : "ImageIO.read (reference)"),
          result.lines().filter(line -> line.startsWith("result ")).findFirst().orElse("result ? " + result).substring(7)));
    }
  }

  private static String childJvm(String heap, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        heap, "-cp", System.getProperty("java.class.path"), ThumbnailBench.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return "result timed out";
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private String shell(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("'" + command + "' failed: " + output);
    }
    return output;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void row(String what, String value, String relative, String note) {
    rows.add(String.format(Locale.ROOT, "| %-46s | %-28s | %-14s | %-20s |", what, value, relative, note));
  }

  private void print() {
    System.out.printf(Locale.ROOT, "| %-46s | %-28s | %-14s | %-20s |%n", "measure", "value", "vs vips", "note");
    System.out.println("|" + "-".repeat(48) + "|" + "-".repeat(30) + "|" + "-".repeat(16) + "|" + "-".repeat(22) + "|");
    rows.forEach(System.out::println);
    System.out.println();
    System.out.printf(Locale.ROOT, "| %-46s | %-72s |%n", "heap", "outcome (peak: heap in use at its highest, garbage included)");
    System.out.println("|" + "-".repeat(48) + "|" + "-".repeat(74) + "|");
    heapRows.forEach(System.out::println);
  }
}
