package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.definition.BlobSource;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.InvalidTriggerDefinitionException;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.TriggerContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlobTriggerModuleTest {

  @Test
  void listen_shouldRefuseTheDefinition_whenItWatchesTheStateBucket() {
    EndpointSettings nowhere = EndpointSettings.local(URI.create("http://127.0.0.1:9"), "a", "b");
    TriggerContext context = new TriggerContext(TriggerLayerOptions.builder().s3(nowhere).sqs(nowhere)
        .stateBucket("flags").build(), null, null, null, null, Clock.systemUTC());
    TriggerDefinition watchingState = new TriggerDefinition(Path.of("infra/triggers/loop.yaml"), "loop", "", "fnjobs",
        "thumbnail", new BlobSource("flags", "thumbnail/", List.of(), Set.of(Change.created), Duration.ZERO, null, 1),
        List.of(), DeliveryOptions.DEFAULTS);
    FunctionRef function = new FunctionRef("fnjobs", "app", "thumbnail", "fn", Duration.ofSeconds(60));

    assertThatThrownBy(() -> new BlobTriggerModule().listen(watchingState, function, context))
        .isInstanceOf(InvalidTriggerDefinitionException.class)
        .hasMessageContaining("infra/triggers/loop.yaml")
        .hasMessageContaining("source.bucket")
        .hasMessageContaining("is the state bucket")
        .hasMessageContaining("FNJOBS_STATE_BUCKET");
  }
}
