package io.fnjobs.localdev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
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

  @Test
  void build_shouldRefuseAtOnce_naming_anFnApiUrlThatIsNotHttp_orAnAdvertisedHostThatIsNoHost() {
    StackOptions.Builder builder = StackOptions.builder().repoDir(Path.of(".")).dataDir(Path.of("data"));

    assertThatThrownBy(() -> builder.fnApiUrl(URI.create("localhost:8080")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--fn-api-url 'localhost:8080' is not an http(s) URL such as http://127.0.0.1:8080");
    assertThatThrownBy(() -> builder.fnApiUrl(null).advertiseHost("http://host.docker.internal").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--advertise-host 'http://host.docker.internal' is not a host name or address");
  }

  @Test
  void fnApiUrl_shouldBeEmpty_andTheAdvertisedHostLoopback_byDefault() {
    StackOptions options = StackOptions.builder().repoDir(Path.of(".")).dataDir(Path.of("data")).build();

    assertThat(options.fnApiUrl()).isEmpty();
    assertThat(options.advertiseHost()).isEqualTo("127.0.0.1");
    assertThat(options.toBuilder().fnApiUrl(URI.create("http://127.0.0.1:8080")).build().fnApiUrl())
        .contains(URI.create("http://127.0.0.1:8080"));
  }
}
