package io.fnjobs.fntesting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.fntesting.fixtures.GreeterFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FnTestingExtension.class)
class FnTestingExtensionTest {

  @BeforeEach
  void configure(FnTesting fn) {
    fn.setConfig("GREETING", "hello");
  }

  @Test
  void thenRun_shouldAnswerEveryEnqueuedEventInOrder_whenFunctionSucceeds(FnTesting fn) {
    fn.givenEvent().withHeader("X-Salutation", "ms").withBody("ann").enqueue();
    fn.givenEvent().withBody("bo").enqueue(2);

    fn.thenRun(GreeterFunction.class, "handleRequest");

    assertThat(fn.getResults()).extracting(FnCallResult::body).containsExactly("hello, ann", "hello, bo", "hello, bo");
    FnCallResult first = fn.getResults().get(0);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.isSuccess()).isTrue();
    assertThat(first.contentType()).hasValue("text/plain");
    assertThat(first.header("x-salutation")).hasValue("ms");
    assertThat(fn.getResults()).extracting(result -> result.header("X-Calls").orElseThrow()).containsExactly("1", "2", "3");
    assertThat(fn.getResults()).extracting(result -> result.header("X-Configurations").orElseThrow()).containsOnly("1");
    assertThat(fn.getLastExitCode()).isZero();
  }

  @Test
  void thenRun_shouldLoadTheFunctionAfresh_whenRun(FnTesting fn) {
    fn.givenEvent().withBody("ann").enqueue();

    fn.thenRun(GreeterFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().header("X-Calls")).hasValue("1");
    assertThat(GreeterFunction.calls).isZero();
  }

  @Test
  void getStdErrAsString_shouldHoldWhatTheFunctionPrinted_whenItRan(FnTesting fn) {
    fn.givenEvent().withBody("ann").enqueue();

    fn.thenRun(GreeterFunction.class.getName(), "handleRequest");

    assertThat(fn.getStdErrAsString()).contains("greeting ann");
  }

  @Test
  void thenRun_shouldAnswer502AndLogTheMissingKey_whenConfigIsMissing(FnTesting fn) {
    fn.setConfig("GREETING", "");
    fn.givenEvent().withBody("ann").enqueue();

    fn.thenRun(GreeterFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getOnlyResult().body()).isEmpty();
    assertThat(fn.getStdErrAsString()).contains("GREETING");
  }

  @Test
  void withBodyFromResource_shouldSendTheFileAsJson_whenResourceExists(FnTesting fn) {
    fn.givenEvent().withBodyFromResource("events/name.json").enqueue();

    fn.thenRun(GreeterFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().body()).isEqualTo("hello, \"ann\"\n");
  }

  @Test
  void withBodyFromResource_shouldFailNamingTheResource_whenItIsMissing(FnTesting fn) {
    assertThatThrownBy(() -> fn.givenEvent().withBodyFromResource("events/missing.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("events/missing.json");
  }

  @Test
  void thenRun_shouldFailSayingWhatToDo_whenNoEventIsEnqueued(FnTesting fn) {
    assertThatThrownBy(() -> fn.thenRun(GreeterFunction.class, "handleRequest"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("givenEvent()");
  }

  @RepeatedTest(2)
  void fnTesting_shouldStartEmpty_whenInjectedIntoEachTest(FnTesting fn) {
    assertThat(fn.getResults()).isEmpty();
    assertThat(fn.getStdErrAsString()).isEmpty();

    fn.givenEvent().withBody("ann").enqueue();
    fn.thenRun(GreeterFunction.class, "handleRequest");

    assertThat(fn.getResults()).hasSize(1);
  }
}
