package io.fnjobs.fnhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FnHostOptionsTest {

  @Test
  void builder_shouldDefaultToA6MiBBodyLimitAndFnsColdStartLimitOf5s() {
    FnHostOptions options = FnHostOptions.builder().build();

    assertThat(options.maxRequestSize()).isEqualTo(6_291_456);
    assertThat(options.coldStartTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void toBuilder_shouldKeepTheLimits() {
    FnHostOptions options =
        FnHostOptions.builder().maxRequestSize(0).coldStartTimeout(Duration.ofSeconds(20)).build().toBuilder().build();

    assertThat(options.maxRequestSize()).isZero();
    assertThat(options.coldStartTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void builder_shouldRefuseLimitsItCannotKeep_namingTheOption() {
    assertThatThrownBy(() -> FnHostOptions.builder().maxRequestSize(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRequestSize");
    assertThatThrownBy(() -> FnHostOptions.builder().maxRequestSize(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRequestSize");
    assertThatThrownBy(() -> FnHostOptions.builder().coldStartTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coldStartTimeout");
  }
}
