package io.fnjobs.triggers.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The trace context an SQS message's {@code traceparent} attribute carries, read as the blob and queue triggers do. */
class MessageTraceparentTest {

  private static final String VALID = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Test
  void traceparent_shouldBeTheAttribute_whenItIsAW3CTraceContext() {
    assertThat(InvocationTracer.traceparent(message(Map.of("traceparent", text(VALID))))).isEqualTo(VALID);
  }

  @Test
  void traceparent_shouldBeNull_whenTheAttributeIsNoW3CTraceContext_orMissing() {
    assertThat(InvocationTracer.traceparent(message(Map.of("traceparent", text("not a trace context"))))).isNull();
    assertThat(InvocationTracer.traceparent(message(Map.of("traceparent",
        text("00-00000000000000000000000000000000-b7ad6b7169203331-01"))))).as("an all-zero trace id").isNull();
    assertThat(InvocationTracer.traceparent(message(Map.of("traceparent",
        text("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01"))))).as("an all-zero span id").isNull();
    assertThat(InvocationTracer.traceparent(message(Map.of("tenant", text("t-1"))))).isNull();
  }

  private static Message message(Map<String, MessageAttributeValue> attributes) {
    return Message.builder().messageId("m-1").body("{}").messageAttributes(attributes).build();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
