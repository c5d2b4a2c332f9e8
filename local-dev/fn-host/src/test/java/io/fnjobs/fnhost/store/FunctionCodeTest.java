package io.fnjobs.fnhost.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionCodeTest {

  @ParameterizedTest
  @CsvSource({
    "thumbnail:0.0.2, thumbnail",
    "thumbnail, thumbnail",
    "fnproject/hello:0.0.1, hello",
    "registry.example:5000/owner/order-processor:1.2@sha256:0123abcd, order-processor",
    "registry.example:5000/owner/nightly-cleanup, nightly-cleanup"
  })
  void repositoryName_shouldNameTheFunctionOfTheImage_whenRegistryTagOrDigestSurroundIt(String image, String name) {
    assertThat(FunctionCode.repositoryName(image)).isEqualTo(name);
  }
}
