package io.fnjobs.common.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputLayoutTest {

  @Test
  void thumbnail_shouldPutTheOriginalKeyUnderItsBoxFolder_whenTheKeyHasFolders() {
    assertThat(OutputLayout.thumbnail(128, "images/a/b.jpg")).isEqualTo("128/images/a/b.jpg");
    assertThat(OutputLayout.thumbnail(128, "x.jpg")).startsWith("128" + OutputLayout.SIZE_DELIMITER);
  }

  @Test
  void order_shouldBeAJsonUnderTheOrdersPrefix_whenTheIdHasASlash() {
    assertThat(OutputLayout.order("A-1/2")).isEqualTo("orders/A-1/2.json").startsWith(OutputLayout.ORDERS);
  }

  @Test
  void flags_shouldBeThePrefixOfEveryFlagOfTheJob_whenGivenAJobName() {
    assertThat(StateLayout.flag(JobNames.THUMBNAIL, "images/a.jpg"))
        .isEqualTo("thumbnail/images/a.jpg.json")
        .startsWith(StateLayout.flags(JobNames.THUMBNAIL));
  }
}
