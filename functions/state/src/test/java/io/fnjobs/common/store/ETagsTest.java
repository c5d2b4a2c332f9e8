package io.fnjobs.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ETagsTest {

  @Test
  void bare_shouldBeNull_whenTheETagIsNullOrBlank() {
    assertThat(ETags.bare(null)).isNull();
    assertThat(ETags.bare("")).isNull();
    assertThat(ETags.bare("  ")).isNull();
    assertThat(ETags.quoted(" ")).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "abc|abc",
      "\"abc\"|abc",
      "' \"abc\" '|abc",
      "W/\"abc\"|abc",
      "\"abc-2\"|abc-2",
      "\"|\"",
      "\"\"|''"})
  void bare_shouldDropWeakMarkQuotesAndBlanks_whenTheETagHasThem(String etag, String bare) {
    assertThat(ETags.bare(etag)).isEqualTo(bare);
  }

  @Test
  void quoted_shouldQuoteOnce_whenTheETagIsBareOrQuotedAlready() {
    assertThat(ETags.quoted("abc")).isEqualTo("\"abc\"");
    assertThat(ETags.quoted("\"abc\"")).isEqualTo("\"abc\"");
    assertThat(ETags.quoted("W/\"abc\"")).isEqualTo("\"abc\"");
  }
}
