package io.fnjobs.localdev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourcesTest {

  @TempDir Path dir;

  @Test
  void read_shouldDeclareAFifoQueue_whenItsNameEndsInFifo() throws IOException {
    Resources resources = Resources.read(write("""
        buckets: []
        queues:
          - name: orders.fifo
            contentBasedDeduplication: true
            deadLetter: {queue: orders-dlq.fifo, maxReceiveCount: 5}
          - name: orders-dlq.fifo
          - name: orders
        """));

    assertThat(resources.queues()).extracting(Resources.Queue::name, Resources.Queue::fifo,
        Resources.Queue::contentBasedDeduplication).containsExactly(
            tuple("orders.fifo", true, true),
            tuple("orders-dlq.fifo", true, false),
            tuple("orders", false, false));
  }

  @Test
  void read_shouldNameBothQueues_whenAFifoQueueDeadLettersToAStandardOne() throws IOException {
    Path file = write("""
        buckets: []
        queues:
          - name: orders.fifo
            deadLetter: {queue: orders-dlq, maxReceiveCount: 5}
          - name: orders-dlq
        """);

    assertThatThrownBy(() -> Resources.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("queue orders.fifo dead-letters to orders-dlq")
        .hasMessageContaining("must be FIFO too");
  }

  @Test
  void read_shouldNameTheField_whenAStandardQueueAsksForContentBasedDeduplication() throws IOException {
    Path file = write("""
        buckets: []
        queues:
          - name: orders
            contentBasedDeduplication: true
        """);

    assertThatThrownBy(() -> Resources.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'queues[0]'")
        .hasMessageContaining("contentBasedDeduplication is for FIFO queues only");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("resources.yaml"), yaml);
  }
}
