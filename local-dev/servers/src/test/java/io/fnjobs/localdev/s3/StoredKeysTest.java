package io.fnjobs.localdev.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoredKeysTest {

  private static final String ALPHABET = "ab/ ¦+.%é日😀";

  @Test
  void stored_shouldKeepTheKey_whenEverySegmentFitsAndNoneStartsWithTheMark() {
    String key = "images/" + "a".repeat(StoredKeys.MAX_STORED_SEGMENT_BYTES) + "/x y+1%.jpg";

    assertThat(StoredKeys.stored(key)).isEqualTo(key);
  }

  @Test
  void stored_shouldCutASegment_whenItIsOneByteTooLong() {
    String stored = StoredKeys.stored("images/" + "a".repeat(StoredKeys.MAX_STORED_SEGMENT_BYTES + 1) + ".jpg");

    assertThat(stored.split("/")).hasSize(3).allSatisfy(segment ->
        assertThat(bytes(segment)).isLessThanOrEqualTo(StoredKeys.MAX_STORED_SEGMENT_BYTES));
    assertThat(stored.split("/")[1]).startsWith("¦+");
    assertThat(stored.split("/")[2]).startsWith("¦.");
  }

  @Test
  void storedAndReal_shouldRoundTripEveryKey_andKeepEveryStoredSegmentShort_whenKeysAreRandom() {
    Random random = new Random(7);
    for (int i = 0; i < 5000; i++) {
      String key = randomKey(random);

      String stored = StoredKeys.stored(key);

      assertThat(StoredKeys.real(stored)).as("key %s", key).isEqualTo(key);
      assertThat(Arrays.stream(stored.split("/")).mapToInt(StoredKeysTest::bytes).max().orElse(0))
          .as("longest stored segment of %s", key).isLessThanOrEqualTo(StoredKeys.MAX_STORED_SEGMENT_BYTES);
    }
  }

  @Test
  void real_shouldReadAFolderBack_whenItIsTheStoredNameOfAKeysFolders() {
    String folder = "p/" + "a".repeat(300) + "/q/";

    assertThat(StoredKeys.real(StoredKeys.stored(folder))).isEqualTo(folder);
    assertThat(StoredKeys.isCutFolder(StoredKeys.stored("p/") + "¦+" + "a".repeat(166) + "/")).isTrue();
    assertThat(StoredKeys.isCutFolder(StoredKeys.stored(folder))).isFalse();
  }

  @Test
  void s3Order_shouldSortByUtf8Bytes_whenKeysHaveCharactersBeyondTheBasicPlane() {
    List<String> keys = new ArrayList<>(List.of("a😀", "a\uFFFD", "a", "ab", "a¦", "é"));

    keys.sort(StoredKeys.S3_ORDER);

    List<String> byBytes = new ArrayList<>(keys);
    byBytes.sort(Comparator.comparing((String key) -> key.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
    assertThat(keys).containsExactlyElementsOf(byBytes).containsExactly("a", "ab", "a¦", "a\uFFFD", "a😀", "é");
  }

  @Test
  void isTooLong_shouldCountUtf8Bytes_whenTheKeyHasMultiByteCharacters() {
    assertThat(StoredKeys.isTooLong("é".repeat(512))).isFalse();
    assertThat(StoredKeys.isTooLong("é".repeat(512) + "a")).isTrue();
  }

  /** Up to 1024 bytes of letters, slashes, marks, spaces and characters of 1 to 4 bytes. */
  private static String randomKey(Random random) {
    StringBuilder key = new StringBuilder();
    int length = 1 + random.nextInt(random.nextBoolean() ? 40 : 700);
    int symbols = ALPHABET.codePointCount(0, ALPHABET.length());
    int run = random.nextInt(3);
    for (int i = 0, size = 0; i < length; i++) {
      // mostly one letter, so that segments grow long
      int at = random.nextInt(10) < 8 ? run : random.nextInt(symbols);
      String next = new String(Character.toChars(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, at))));
      size += bytes(next);
      if (size > StoredKeys.MAX_KEY_BYTES) {
        break;
      }
      key.append(next);
    }
    return key.toString();
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
