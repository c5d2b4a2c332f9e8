package io.fnjobs.fnhost.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small parser of the Prometheus text format (0.0.4), strict enough for tests: every line is a
 * {@code # HELP}, a {@code # TYPE} or a sample {@code name{label="value",...} number}; anything else
 * fails the parse, naming the line. Shared with the trigger layer's tests.
 */
public final class PrometheusText {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  /** One sample: a metric name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public boolean has(Map<String, String> wanted) {
      return labels.entrySet().containsAll(wanted.entrySet());
    }
  }

  private final List<Sample> samples;
  private final Map<String, String> types;

  private PrometheusText(List<Sample> samples, Map<String, String> types) {
    this.samples = samples;
    this.types = types;
  }

  /** @throws IllegalArgumentException naming the first line that is not the text format */
  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ");
        if (parts.length != 2 || !NAME.matcher(parts[0]).matches()
            || !List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1])) {
          throw new IllegalArgumentException("line " + (i + 1) + " is no TYPE line: " + line);
        }
        types.put(parts[0], parts[1]);
      } else if (line.startsWith("# ")) {
        continue;
      } else {
        samples.add(sample(line, i + 1));
      }
    }
    return new PrometheusText(List.copyOf(samples), Map.copyOf(types));
  }

  private static Sample sample(String line, int number) {
    Matcher matcher = SAMPLE.matcher(line);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("line " + number + " is no sample: " + line);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    String body = matcher.group(3) == null ? "" : matcher.group(3);
    Matcher label = LABEL.matcher(body);
    int end = 0;
    while (label.find() && label.start() == end) {
      labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
      end = label.end();
    }
    if (end != body.length()) {
      throw new IllegalArgumentException("line " + number + " has malformed labels: " + line);
    }
    try {
      return new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(4).replace("+Inf", "Infinity")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("line " + number + " has no number as its value: " + line);
    }
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The metric families' types by name, as the TYPE lines declare them. */
  public Map<String, String> types() {
    return types;
  }

  /** The sum of the samples of {@code name} whose labels include {@code labels}; 0 when there is none. */
  public double value(String name, Map<String, String> labels) {
    return samples.stream().filter(sample -> sample.name().equals(name) && sample.has(labels))
        .mapToDouble(Sample::value).sum();
  }

  /** Every label value of every sample. */
  public List<String> labelValues() {
    return samples.stream().flatMap(sample -> sample.labels().values().stream()).toList();
  }
}
