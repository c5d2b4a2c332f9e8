package io.fnjobs.cleanup.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SuffixOrderTest {

  private static final String SUFFIX = ".json";
  private static final Comparator<String> S3_ORDER = KeyOrder::compare;
  private static final Comparator<String> FLAG_ORDER = (a, b) -> KeyOrder.compare(a + SUFFIX, b + SUFFIX);
  // characters around '.', the suffix's own letters, and ones beyond U+FFFF
  private static final String[] ALPHABET = {".", "-", "/", " ", "+", "a", "j", "s", "o", "n", "z", "\uFFFD", "\uD83D\uDE00"};

  @Test
  void compare_shouldOrderByCodePoint_asS3ListsUtf8Keys() {
    assertThat(KeyOrder.compare("\uFFFD", "\uD83D\uDE00")).isNegative();
    assertThat("\uFFFD".compareTo("\uD83D\uDE00")).isPositive();
    assertThat(KeyOrder.compare("a", "a-b")).isNegative();
    assertThat(KeyOrder.compare("a", "a")).isZero();
  }

  @Test
  void next_shouldGiveTheOrderOfTheKeysWithTheSuffix_whenKeysArePrefixesOfEachOther() {
    List<String> listed = List.of("a", "a-b", "a.jpg", "a.jsonx", "a/b", "b");

    assertThat(reorder(listed)).containsExactly("a-b", "a.jpg", "a", "a.jsonx", "a/b", "b");
  }

  @Test
  void next_shouldGiveTheSuffixOrder_forRandomKeySets() {
    Random random = new Random(42);
    for (int round = 0; round < 2_000; round++) {
      TreeSet<String> keys = randomKeys(random, 1);
      List<String> expected = new ArrayList<>(keys);
      expected.sort(FLAG_ORDER);

      assertThat(reorder(new ArrayList<>(keys))).as("keys %s", keys).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void restartAfter_shouldMissNoKeyAfterTheMarker_forRandomKeySets() {
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      TreeSet<String> keys = randomKeys(random, 2);
      List<String> all = new ArrayList<>(keys);
      String marker = all.get(random.nextInt(all.size()));
      String restart = KeyOrder.restartAfter(marker, SUFFIX);

      List<String> resumed = reorder(all.stream().filter(key -> KeyOrder.compare(key, restart) > 0).toList())
          .stream().filter(key -> FLAG_ORDER.compare(key, marker) > 0).toList();

      List<String> expected = all.stream().filter(key -> FLAG_ORDER.compare(key, marker) > 0).sorted(FLAG_ORDER).toList();
      assertThat(resumed).as("keys %s after %s (restart after %s)", keys, marker, restart)
          .containsExactlyElementsOf(expected);
    }
  }

  private static List<String> reorder(List<String> sorted) {
    List<String> out = new ArrayList<>();
    new SuffixOrder<>(sorted.iterator(), Function.identity(), SUFFIX).forEachRemaining(out::add);
    return out;
  }

  /** Between {@code least} and {@code least + 11} distinct random keys, in S3's order. */
  private static TreeSet<String> randomKeys(Random random, int least) {
    TreeSet<String> keys = new TreeSet<>(S3_ORDER);
    int count = least + random.nextInt(12);
    while (keys.size() < count) {
      keys.add(randomKey(random));
    }
    return keys;
  }

  private static String randomKey(Random random) {
    StringBuilder key = new StringBuilder();
    int length = 1 + random.nextInt(6);
    for (int i = 0; i < length; i++) {
      key.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return key.toString();
  }
}
