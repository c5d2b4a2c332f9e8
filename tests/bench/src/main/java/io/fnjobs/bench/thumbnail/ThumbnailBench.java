package io.fnjobs.bench.thumbnail;

import io.fnjobs.bench.JvmThreadsCpu;
import io.fnjobs.fntesting.images.Psnr;
import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.fntesting.images.SampleImages.ChromaSampling;
import io.fnjobs.thumbnail.image.ImageLimits;
import io.fnjobs.thumbnail.image.JpegDecoder;
import io.fnjobs.thumbnail.image.PartialImages;
import io.fnjobs.thumbnail.image.Thumbnailer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The thumbnailer against {@code vipsthumbnail} on the same images in the same run: CPU per 4000x3000
 * JPEG to a 256 px box, and how close the pixels come to vips's (PSNR), in all and per image, with each
 * JPEG decoder ({@code scaled}: at a reduced size in the DCT domain, the default; {@code imageio}: the
 * subsampled full decode before it); then the heap an 8000x6000 JPEG (baseline and progressive) needs
 * in a JVM limited to 48 MB, against a plain full-size {@code ImageIO.read} in 64 MB.
 *
 * <p>The first half of the images are baseline JPEGs, the rest progressive (both 4:2:0, quality 90).
 *
 * <p>vips's CPU comes two ways: per image of processes that make all the thumbnails (the reference the
 * goal was set against, a share of each process's start included), and per image once the process
 * has started (the difference between a process making one thumbnail and one making several), which
 * is like for like with the warmed-up JVM's.
 *
 * <p>The JVM's CPU is its steady state: the thumbnailer renders round after round until the JIT's
 * compiler threads take under 1% of a round's CPU, then at least 40 renders are measured, and the rows
 * under it say how much of that window's process CPU was the JIT's and the GC's threads' (GC is real
 * cost, so it stays in; see {@link JvmThreadsCpu}). The measure this bench made before (3 warm-up rounds, the JIT still busy) is printed too.
 *
 * <p>Arguments: {@code [images, default 6] [measured rounds, default 5]}. Needs {@code vipsthumbnail}
 * on the PATH (Debian: libvips-tools).
 */
public final class ThumbnailBench {

  private static final int BOX = 256;
  /** The warm-up this bench had before it waited for the JIT: too short, the JIT still compiles after it. */
  private static final int SHORT_WARM_UP_ROUNDS = 3;
  /** The JIT has settled when it takes less than this share of a round's process CPU. */
  private static final int SETTLED_JIT_SHARE_PERCENT = 1;
  private static final int MAX_WARM_UP_ROUNDS = 40;
  /** The steady window renders at least this many images, whatever the rounds asked for. */
  private static final int MIN_MEASURED_RENDERS = 40;

  private final int images;
  private final int rounds;
  private final Path dir;
  private final List<String> rows = new ArrayList<>();
  private final List<String> heapRows = new ArrayList<>();
  private final List<String> imageRows = new ArrayList<>();

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
      boolean progressive = i >= (images + 1) / 2;
      Path photo = dir.resolve("photo-" + i + (progressive ? "-progressive" : "") + ".jpg");
      Files.write(photo, SampleImages.jpeg(SampleImages.photo(4000, 3000, 100 + i), 0.9f, progressive,
          ChromaSampling.S420, 0));
      photos.add(photo);
    }
    System.out.printf("%d photo-like 4000x3000 JPEGs (q90, 4:2:0, the first %d baseline, the rest progressive; "
        + "%d KB on average) in %s%n", images, (images + 1) / 2,
        photos.stream().mapToLong(ThumbnailBench::size).sum() / images / 1024, dir);

    double vipsCpu = vipsCpuPerImage(photos);
    row("vipsthumbnail -s 256 (JPEG out)", String.format(Locale.ROOT, "%.1f ms", vipsCpu), "1.00x", "reference");
    List<VipsCpu> vipsPerPhoto = vipsCpuPerPhoto(photos);
    double vipsImage = vipsPerPhoto.stream().mapToDouble(VipsCpu::image).average().orElseThrow();
    double vipsStart = vipsPerPhoto.stream().mapToDouble(VipsCpu::start).average().orElseThrow();
    // the reference above includes a share of each vips process's start (loading libvips, its modules,
    // its threads); the JVM's start and warm-up are left out of ours, so this one is the like-for-like
    row("vipsthumbnail per image, its start left out", String.format(Locale.ROOT, "%.1f ms", vipsImage),
        String.format(Locale.ROOT, "%.2fx", vipsImage / vipsCpu),
        String.format(Locale.ROOT, "start %.0f ms/process", vipsStart));
    List<List<String>> perDecoder = new ArrayList<>();
    for (JpegDecoder decoder : List.of(JpegDecoder.SCALED, JpegDecoder.IMAGEIO)) {
      Thumbnailer thumbnailer = new Thumbnailer(List.of(BOX), ImageLimits.DEFAULTS, PartialImages.REJECT, decoder);
      String name = "Thumbnailer 256, " + decoder.settingValue();
      JavaCpu javaCpu = javaCpuPerImage(thumbnailer, photos);
      Window steady = javaCpu.steady();
      Window early = javaCpu.early();
      boolean scaled = decoder == JpegDecoder.SCALED;
      row(name + ", process CPU", ms(steady.process()), ratio(steady.process(), vipsImage),
          scaled ? "goal <= 1.0x (started)" : "the old route");
      row(name + ", thread CPU", ms(steady.thread()), ratio(steady.thread(), vipsImage), "decode+resize+encode");
      row("  of it: JIT compiler threads' CPU", ms(steady.jit()), ratio(steady.jit(), vipsImage),
          String.format(Locale.ROOT, "in %d renders", steady.renders()));
      row("  of it: GC threads' CPU", ms(steady.gc()), ratio(steady.gc(), vipsImage),
          String.format(Locale.ROOT, "%d GCs, %.1f ms pauses", steady.collections(), steady.gcPauses()));
      row("  steady after warm-up rounds", String.valueOf(javaCpu.warmUpRounds()), "",
          String.format(Locale.ROOT, "%d renders", javaCpu.warmUpRounds() * photos.size()));
      row(name + ", process CPU, measured as before", ms(early.process()), ratio(early.process(), vipsImage),
          String.format(Locale.ROOT, "%d warm-up rounds", SHORT_WARM_UP_ROUNDS));
      row("  of it: JIT / GC threads' CPU", ms(early.jit()) + " / " + ms(early.gc()), "",
          String.format(Locale.ROOT, "in %d renders", early.renders()));
      List<Quality> qualities = quality(thumbnailer, name, photos);
      List<String> imageRows = new ArrayList<>();
      for (int i = 0; i < photos.size(); i++) {
        imageRows.add(imageRow(decoder, photos.get(i), vipsPerPhoto.get(i).image(), steady.threadPerPhoto()[i],
            qualities.get(i)));
      }
      perDecoder.add(imageRows);
    }
    perDecoder.forEach(this.imageRows::addAll);
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
    return childCpuMillis(command.toString()) / (rounds * photos.size());
  }

  /**
   * Per photo, vips's CPU for one more image and for its process's start: one process makes the
   * photo's thumbnail once, another {@code rounds} times (each run {@code rounds} times), and the
   * difference is what the extra thumbnails cost.
   */
  private List<VipsCpu> vipsCpuPerPhoto(List<Path> photos) throws IOException, InterruptedException {
    if (rounds < 2) {
      throw new IllegalArgumentException("vips's CPU per image needs 2 rounds or more, not " + rounds);
    }
    List<VipsCpu> cpu = new ArrayList<>();
    for (Path photo : photos) {
      String once = "vipsthumbnail -s " + BOX + " -o 'tn_%s.jpg[Q=85]' " + photo;
      String many = "vipsthumbnail -s " + BOX + " -o 'tn_%s.jpg[Q=85]'" + (" " + photo).repeat(rounds);
      double single = childCpuMillis((once + " && ").repeat(rounds) + "times") / rounds;
      double repeated = childCpuMillis((many + " && ").repeat(rounds) + "times") / rounds;
      double image = (repeated - single) / (rounds - 1);
      cpu.add(new VipsCpu(image, single - image));
    }
    return cpu;
  }

  /** vips's CPU per image and per process start, in ms. */
  private record VipsCpu(double image, double start) {}

  private static String imageRow(JpegDecoder decoder, Path photo, double vips, double ours, Quality quality) {
    return String.format(Locale.ROOT, "| %-24s | %-7s | %10.1f ms | %10.1f ms | %8.2fx | %9.2f dB | %9.2f dB |",
        photo.getFileName(), decoder.settingValue(), vips, ours, ours / vips, quality.pixels(), quality.jpeg());
  }

  /** The user plus system CPU of the children of a shell running {@code command}, which ends with "times". */
  private double childCpuMillis(String command) throws IOException, InterruptedException {
    String output = shell(command);
    // "times" prints the shell's own user/sys, then its children's
    Matcher matcher = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s").matcher(output);
    matcher.find();
    if (!matcher.find()) {
      throw new IllegalStateException("cannot read the CPU times of vipsthumbnail from: " + output);
    }
    double seconds = Integer.parseInt(matcher.group(1)) * 60 + Double.parseDouble(matcher.group(2))
        + Integer.parseInt(matcher.group(3)) * 60 + Double.parseDouble(matcher.group(4));
    return seconds * 1000;
  }

  /**
   * The thumbnailer's CPU per image, measured twice: first as this bench measured it before (a
   * {@value #SHORT_WARM_UP_ROUNDS}-round warm-up, then {@code rounds} rounds), while the JIT still
   * compiles; then, after warming up until the JIT settles, in the steady state, over at least
   * {@value #MIN_MEASURED_RENDERS} renders, with the JIT's and the GC's time inside that window.
   */
  private JavaCpu javaCpuPerImage(Thumbnailer thumbnailer, List<Path> photos) {
    for (int i = 0; i < SHORT_WARM_UP_ROUNDS; i++) {
      photos.forEach(thumbnailer::render);
    }
    Window early = measure(thumbnailer, photos, rounds);
    int warmUpRounds = SHORT_WARM_UP_ROUNDS + rounds + warmUpUntilJitSettles(thumbnailer, photos);
    int steadyRounds = Math.max(rounds, (MIN_MEASURED_RENDERS + photos.size() - 1) / photos.size());
    Window steady = measure(thumbnailer, photos, steadyRounds);
    return new JavaCpu(early, steady, warmUpRounds);
  }

  /**
   * Renders all photos round after round until the JIT's compiler threads take under
   * {@value #SETTLED_JIT_SHARE_PERCENT}% of a round's process CPU (or {@value #MAX_WARM_UP_ROUNDS} rounds
   * were not enough); answers how many rounds it took.
   */
  private static int warmUpUntilJitSettles(Thumbnailer thumbnailer, List<Path> photos) {
    int round = 0;
    while (round < MAX_WARM_UP_ROUNDS) {
      double jitBefore = jitMillis();
      long cpuBefore = processCpuNanos();
      photos.forEach(thumbnailer::render);
      round++;
      double jit = jitMillis() - jitBefore;
      double cpuMillis = (processCpuNanos() - cpuBefore) / 1e6;
      if (jit * 100 < SETTLED_JIT_SHARE_PERCENT * cpuMillis) {
        break;
      }
    }
    return round;
  }

  /** The JIT's compiler threads' CPU so far (ms), or where that cannot be read, the JVM's compilation time. */
  private static double jitMillis() {
    return JvmThreadsCpu.now().map(JvmThreadsCpu::jitMillis)
        .orElseGet(() -> (double) ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
  }

  /** Renders all photos {@code rounds} times: CPU per image (process and thread), JIT and GC inside. */
  private static Window measure(Thumbnailer thumbnailer, List<Path> photos, int rounds) {
    var threads = ManagementFactory.getThreadMXBean();
    double[] perPhoto = new double[photos.size()];
    Optional<JvmThreadsCpu> jvmBefore = JvmThreadsCpu.now();
    long[] gcBefore = gcPausesAndCount();
    long process = processCpuNanos();
    long thread = threads.getCurrentThreadCpuTime();
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < photos.size(); i++) {
        long before = threads.getCurrentThreadCpuTime();
        thumbnailer.render(photos.get(i));
        perPhoto[i] += (threads.getCurrentThreadCpuTime() - before) / 1e6 / rounds;
      }
    }
    double count = rounds * photos.size();
    double processMillis = (processCpuNanos() - process) / 1e6 / count;
    double threadMillis = (threads.getCurrentThreadCpuTime() - thread) / 1e6 / count;
    long[] gcAfter = gcPausesAndCount();
    Optional<JvmThreadsCpu> jvm = jvmBefore.flatMap(before -> JvmThreadsCpu.now().map(after -> after.since(before)));
    return new Window((int) count, processMillis, threadMillis,
        jvm.map(cpu -> cpu.jitMillis() / count).orElse(Double.NaN),
        jvm.map(cpu -> cpu.gcMillis() / count).orElse(Double.NaN),
        (gcAfter[0] - gcBefore[0]) / count, gcAfter[1] - gcBefore[1], perPhoto);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The collectors' accumulated time as the JVM reports it (ms; for G1, its pauses' elapsed time) and count. */
  private static long[] gcPausesAndCount() {
    long time = 0;
    long count = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      time += Math.max(0, gc.getCollectionTime());
      count += Math.max(0, gc.getCollectionCount());
    }
    return new long[] {time, count};
  }

  /**
   * One measured window, per image (ms): the process's CPU (all threads), the rendering thread's, the
   * JIT's and the GC's threads' CPU (NaN where it cannot be read), the GC's pauses; the collections
   * in all; the thread's CPU per photo.
   */
  private record Window(int renders, double process, double thread, double jit, double gc, double gcPauses,
      long collections, double[] threadPerPhoto) {}

  /** The window as this bench measured before, the steady one, and the warm-up rounds before the latter. */
  private record JavaCpu(Window early, Window steady, int warmUpRounds) {}

  /**
   * PSNR of the thumbnailer's pixels (before encoding) and of its JPEG, against vips's lossless output,
   * per photo; the mean and the worst as rows.
   */
  private List<Quality> quality(Thumbnailer thumbnailer, String label, List<Path> photos)
      throws IOException, InterruptedException {
    StringBuilder command = new StringBuilder("vipsthumbnail -s " + BOX + " -o 'tn_%s.png'");
    photos.forEach(photo -> command.append(' ').append(photo));
    shell(command.toString());
    List<Quality> qualities = new ArrayList<>();
    for (Path photo : photos) {
      String name = photo.getFileName().toString().replace(".jpg", "");
      BufferedImage vips = ImageIO.read(dir.resolve("tn_" + name + ".png").toFile());
      BufferedImage ours = thumbnailer.resize(photo).images().get(0);
      BufferedImage ourJpeg = ImageIO.read(new java.io.ByteArrayInputStream(thumbnailer.render(photo).thumbnails().get(0).bytes()));
      BufferedImage vipsJpeg = ImageIO.read(dir.resolve("tn_" + name + ".jpg").toFile());
      qualities.add(new Quality(Psnr.of(ours, vips), Psnr.of(ourJpeg, vips), Psnr.of(vipsJpeg, vips)));
    }
    row(label + ", PSNR pixels",
        String.format(Locale.ROOT, "%.1f dB", qualities.stream().mapToDouble(Quality::pixels).average().orElseThrow()),
        String.format(Locale.ROOT, "worst %.1f dB", qualities.stream().mapToDouble(Quality::pixels).min().orElseThrow()),
        "goal >= 45 dB");
    row(label + ", PSNR of its JPEG (q85)",
        String.format(Locale.ROOT, "%.1f dB", qualities.stream().mapToDouble(Quality::jpeg).average().orElseThrow()), "",
        "encoder loss included");
    row("PSNR vs vips, vips's own JPEG (Q85)",
        String.format(Locale.ROOT, "%.1f dB", qualities.stream().mapToDouble(Quality::vipsJpeg).average().orElseThrow()),
        "", "the same loss at vips");
    return qualities;
  }

  /** PSNR against vips's lossless thumbnail: our pixels, our JPEG, vips's own JPEG. */
  private record Quality(double pixels, double jpeg, double vipsJpeg) {}

  /**
   * An 8000x6000 JPEG, baseline and progressive, in a JVM of 48 MB heap: the thumbnailer with each JPEG
   * decoder, and a full-size ImageIO.read in 64 MB as reference.
   */
  private void heap() throws IOException, InterruptedException {
    BufferedImage photo = SampleImages.photo(8000, 6000, 7);
    Path baseline = dir.resolve("big-8000x6000.jpg");
    Files.write(baseline, SampleImages.jpeg(photo, 0.9f));
    Path progressive = dir.resolve("big-8000x6000-progressive.jpg");
    Files.write(progressive, SampleImages.jpeg(photo, 0.9f, true, ChromaSampling.S420, 0));
    String[][] runs = {
        {"48m", "thumbnailer", "scaled", baseline.toString()},
        {"48m", "thumbnailer", "scaled", progressive.toString()},
        {"48m", "thumbnailer", "imageio", baseline.toString()},
        {"48m", "thumbnailer", "imageio", progressive.toString()},
        {"64m", "imageio-read", "-", baseline.toString()}};
    for (String[] run : runs) {
      String result = childJvm("-Xmx" + run[0], "heap-child", run[1], run[3], run[2]);
      String what = (run[3].contains("progressive") ? "progressive" : "baseline") + ", -Xmx" + run[0] + ", "
          + (run[1].equals("thumbnailer") ? "Thumbnailer 128,512 " + run[2] : "ImageIO.read (reference)");
      heapRows.add(String.format(Locale.ROOT, "| %-46s | %-72s |", what,
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

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }

  private static String ratio(double value, double reference) {
    return String.format(Locale.ROOT, "%.2fx", value / reference);
  }

  private void row(String what, String value, String relative, String note) {
    rows.add(String.format(Locale.ROOT, "| %-46s | %-28s | %-14s | %-20s |", what, value, relative, note));
  }

  /**
   * The same bench on this project's base, before the steady-state measure and the decoder's faster
   * progressive scans (commit e4af26f, `tests/bench/run-thumbnail-bench.sh images 4 3` on the 2-core
   * build machine, otherwise idle): recorded, not measured in this run, so set it against the rows
   * above with the load of both runs in mind.
   */
  private static final List<String> RECORDED_BEFORE = List.of(
      "vipsthumbnail per image, its start left out: 58.8 ms (reference 72.8 ms with its start)",
      "Thumbnailer 256, scaled, process CPU: 76.7 ms, 1.30x (3 warm-up rounds, 12 renders measured)",
      "Thumbnailer 256, scaled, thread CPU: 46.7 ms, 0.80x; PSNR pixels 52.0 dB (worst 51.2)",
      "per image, thread: baseline 22.6 / 22.2 ms (vips 27.5 / 28.3), progressive 74.9 / 67.1 ms (vips 87.5 / 91.7)",
      "heap, 8000x6000 in -Xmx48m, scaled: progressive peak 47 MB, baseline 27 MB");

  private void print() {
    System.out.printf(Locale.ROOT, "| %-46s | %-28s | %-14s | %-20s |%n", "measure", "value", "vs vips", "note");
    System.out.println("|" + "-".repeat(48) + "|" + "-".repeat(30) + "|" + "-".repeat(16) + "|" + "-".repeat(22) + "|");
    rows.forEach(System.out::println);
    System.out.println();
    System.out.printf(Locale.ROOT, "| %-24s | %-7s | %13s | %13s | %9s | %12s | %12s |%n", "image", "decoder",
        "vips, started", "ours (thread)", "vs vips", "PSNR pixels", "PSNR JPEG");
    System.out.println("|" + "-".repeat(26) + "|" + "-".repeat(9) + "|" + "-".repeat(15) + "|" + "-".repeat(15) + "|"
        + "-".repeat(11) + "|" + "-".repeat(14) + "|" + "-".repeat(14) + "|");
    imageRows.forEach(System.out::println);
    System.out.println();
    System.out.printf(Locale.ROOT, "| %-46s | %-72s |%n", "heap", "outcome (peak: heap in use at its highest, garbage included)");
    System.out.println("|" + "-".repeat(48) + "|" + "-".repeat(74) + "|");
    heapRows.forEach(System.out::println);
    System.out.println();
    System.out.println("Before (recorded on base e4af26f, same machine and arguments, not this run):");
    RECORDED_BEFORE.forEach(line -> System.out.println("- " + line));
  }
}
