package io.fnjobs.localdev.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the compose file asks of the Fn server. */
class ComposeFileTest {

  private final Compose compose = Compose.load(Repo.path("local-dev/compose.yaml"));

  @Test
  void fnserver_shouldNotPauseIdleContainers_unlessAsked() {
    // Fn pauses idle containers after FN_FREEZE_IDLE_MSECS (50 ms when unset); where the cgroup freezer
    // refuses (Docker in Docker), the pause kills the container in the middle of a call. Negative: never.
    String freeze = compose.environment("fnserver").get("FN_FREEZE_IDLE_MSECS");

    assertThat(freeze).as("FN_FREEZE_IDLE_MSECS of the fnserver service").isNotNull();
    assertThat(Long.parseLong(Compose.withDefaults(freeze))).isNegative();
  }
}
