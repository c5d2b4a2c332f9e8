package io.fnjobs.localdev;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.triggers.blob.BlobSource;
import io.fnjobs.triggers.definition.SourceSpec;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.definition.TriggerDefinitionLoader;
import io.fnjobs.triggers.queue.QueueSource;
import io.fnjobs.triggers.runtime.TriggerModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trigger layer's invocations at a time and the function host's hot containers agree: a trigger
 * never runs more invocations of its function at once than the embedded host keeps containers for it,
 * so its consumers never meet the host's busy answer (503) under a load the host can serve.
 */
class ConcurrencyDefaultsTest {

  private static final int CONTAINERS = FnHostOptions.builder().build().containersPerFunction();

  @Test
  void shippedTriggers_shouldRunNoMoreInvocationsAtOnce_thanTheHostKeepsContainers() {
    List<TriggerDefinition> shipped = new TriggerDefinitionLoader(Map.of(), TriggerModules.installed().all()).load(Path.of("../infra/triggers"));

    assertThat(shipped).isNotEmpty();
    for (TriggerDefinition definition : shipped) {
      assertThat(concurrency(definition.source())).as(definition.name() + ": source.concurrency")
          .isLessThanOrEqualTo(CONTAINERS);
    }
  }

  @Test
  void defaultConcurrency_shouldFitTheHostsContainers_whenADefinitionLeavesItOut(@TempDir Path folder)
      throws IOException {
    Files.writeString(folder.resolve("queue.yaml"), """
        name: queue-default
        type: queue
        app: fnjobs
        function: order-processor
        source:
          queues: [orders]
        """);
    Files.writeString(folder.resolve("blob.yaml"), """
        name: blob-default
        type: blob
        app: fnjobs
        function: thumbnail
        source:
          bucket: uploads
        """);

    for (TriggerDefinition definition : new TriggerDefinitionLoader(Map.of(), TriggerModules.installed().all()).load(folder)) {
      assertThat(concurrency(definition.source())).as(definition.name()).isLessThanOrEqualTo(CONTAINERS);
    }
  }

  private static int concurrency(SourceSpec source) {
    if (source instanceof QueueSource queue) {
      return queue.concurrency();
    }
    if (source instanceof BlobSource blob) {
      return blob.concurrency();
    }
    // a timer: one run per slot
    return 1;
  }
}
