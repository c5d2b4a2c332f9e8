package io.fnjobs.localdev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackOptionsTest {

  @Test
  void withFreePorts_shouldPickSixDistinctPorts_andKeepThePortsAskedFor() {
    StackOptions.Builder builder = StackOptions.builder().repoDir(Path.of(".")).dataDir(Path.of("data")).allPorts(0);
    for (int round = 0; round < 50; round++) {
      StackOptions options = builder.build().withFreePorts();

      List<Integer> ports = List.of(options.s3Port(), options.sqsPort(), options.fnPort(), options.triggersPort(),
          options.smtpPort(), options.imapPort());
      assertThat(ports).doesNotContain(0).doesNotHaveDuplicates();
    }
    assertThat(builder.s3Port(9000).build().withFreePorts().s3Port()).isEqualTo(9000);
  }
}
