package io.fnjobs.localdev.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The deployment files and the software agree on the names of their settings: a variable the compose
 * file, infra/ or the functions' yaml files set is one something reads (a misspelt name is silently
 * ignored otherwise), and a variable something needs without a default is set where that something runs.
 */
class DeploymentVariablesTest {

  @Test
  void setsAndNames_shouldEachBeReadByTheCodeATriggerDefinitionOrAScript() {
    Map<String, Set<String>> reads = VariableScan.reads();

    Map<String, Set<String>> unread = new TreeMap<>();
    VariableScan.setsAndNames().forEach((name, files) -> {
      if (!VariableScan.isRead(reads, name)) {
        unread.put(name, files);
      }
    });

    assertThat(unread).as("variables set or named by these files, which nothing reads").isEmpty();
  }

  @Test
  void reads_shouldFindTheNamesTheCodeBuilds_soThatTheCheckAboveMeansSomething() {
    Map<String, Set<String>> reads = VariableScan.reads();

    assertThat(reads).containsKeys("FNJOBS_S3_REGION", "FNJOBS_SQS_SECRET_KEY", "FNJOBS_UPLOADS_EVENT_QUEUE",
        "FNJOBS_MINIO_URL", "FNJOBS_STATE_BUCKET");
    assertThat(VariableScan.isRead(reads, "FNJOBS_FN_CONFIG_CLEANUP_DRY_RUN")).isTrue();
    assertThat(VariableScan.isRead(reads, "FNJOBS_BLOB_EVENTS_QUEUE")).isFalse();
    assertThat(VariableScan.isRead(reads, "FNJOBS_S3_ENDPIONT")).isFalse();
  }

  @Test
  void triggerDefinitions_shouldGetEveryVariableTheyNeedWithoutDefault_fromEachTriggerLayerService() {
    Compose compose = Compose.load(Repo.path("local-dev/compose.yaml"));
    Set<String> required = VariableScan.requiredByTriggerDefinitions();

    Map<String, Set<String>> missing = new TreeMap<>();
    compose.services().keySet().stream().filter(service -> isTriggerLayer(compose, service)).forEach(service -> {
      Set<String> unset = new TreeSet<>(required);
      unset.removeAll(compose.environment(service).keySet());
      if (!unset.isEmpty()) {
        missing.put(service, unset);
      }
    });

    assertThat(compose.services().keySet().stream().filter(service -> isTriggerLayer(compose, service)))
        .contains("triggers", "triggers-s3-localstack");
    assertThat(missing).as("trigger-layer services without variables the trigger files need").isEmpty();
  }

  @Test
  void scripts_shouldGetEveryVariableTheyNeedWithoutDefault_fromTheServiceThatRunsThem() {
    Compose compose = Compose.load(Repo.path("local-dev/compose.yaml"));

    Map<String, Set<String>> missing = new TreeMap<>();
    for (Path script : VariableScan.scripts()) {
      String name = Repo.relative(script).replaceFirst("^infra/", "");
      compose.services().forEach((service, definition) -> {
        if (String.valueOf(definition).contains(name)) {
          Set<String> unset = VariableScan.requiredByScript(script);
          unset.removeAll(compose.environment(service).keySet());
          if (!unset.isEmpty()) {
            missing.put(service + " runs " + name, unset);
          }
        }
      });
    }

    assertThat(missing).as("services that run a script without the variables it needs").isEmpty();
  }

  /** The services that run the trigger layer's image. */
  private static boolean isTriggerLayer(Compose compose, String service) {
    return String.valueOf(compose.service(service).get("image")).startsWith("fnjobs/triggers");
  }
}
