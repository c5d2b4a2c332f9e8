package io.fnjobs.localdev.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code infra/fn/setup.sh} as a user runs it, in its dry-run mode: the commands it would run against a
 * Fn server (no fn CLI, Docker or Fn server is needed to print them).
 */
class SetupScriptTest {

  private record Run(int exit, List<String> commands, String log) {}

  @Test
  void dryRun_shouldDeployWithoutBumping_andConfigureTheComposeNetworksEndpoints_byDefault() throws Exception {
    Run run = setup("--dry-run");

    assertThat(run.exit()).isZero();
    assertThat(run.commands()).containsExactly(
        "mvn -B -DskipTests package",
        "export FN_API_URL=http://localhost:8080",
        "fn inspect app fnjobs >/dev/null 2>&1 || fn create app fnjobs",
        "(cd functions && fn deploy --app fnjobs --all --local --no-bump)",
        "fn config app fnjobs FNJOBS_S3_ENDPOINT http://minio:9000",
        "fn config app fnjobs FNJOBS_S3_REGION us-east-1",
        "fn config app fnjobs FNJOBS_STATE_BUCKET state",
        "fn config app fnjobs FNJOBS_SMTP_HOST smtp",
        "fn config app fnjobs FNJOBS_SMTP_PORT 3025",
        "fn config app fnjobs AWS_ACCESS_KEY_ID fnjobs-functions",
        "fn config app fnjobs AWS_SECRET_ACCESS_KEY ***");
  }

  @Test
  void dryRun_shouldConfigureLoopbackEndpoints_andSayTheContainersNeedTheHostNetwork_forAFnServerOutsideCompose()
      throws Exception {
    Run run = setup("--dry-run", "--skip-build", "--fn-api-url", "http://127.0.0.1:8080",
        "--s3-endpoint", "http://127.0.0.1:9000", "--access-key", "minioadmin", "--secret-key=minioadmin",
        "--smtp-host", "127.0.0.1", "--smtp-port", "2525");

    assertThat(run.exit()).isZero();
    assertThat(run.commands()).contains(
        "export FN_API_URL=http://127.0.0.1:8080",
        "fn config app fnjobs FNJOBS_S3_ENDPOINT http://127.0.0.1:9000",
        "fn config app fnjobs FNJOBS_SMTP_HOST 127.0.0.1",
        "fn config app fnjobs FNJOBS_SMTP_PORT 2525",
        "fn config app fnjobs AWS_ACCESS_KEY_ID minioadmin")
        .noneMatch(command -> command.startsWith("mvn"));
    assertThat(run.log()).contains("FN_DOCKER_NETWORKS=host");
  }

  @Test
  void dryRun_shouldBumpPushAndPassTheBaseImage_whenAskedTo() throws Exception {
    Run run = setup("--dry-run", "--skip-build", "--bump", "--registry", "registry.example/team",
        "--fdk-image", "fnproject/fn-java-fdk:jre17-1.0.211");

    assertThat(run.commands()).contains("(cd functions && fn deploy --app fnjobs --all --registry registry.example/team"
        + " --build-arg FDK_IMAGE=fnproject/fn-java-fdk:jre17-1.0.211)");
  }

  @Test
  void dryRun_shouldWarnThatServersKeepATagTheyHave_whenPushingWithoutBump() throws Exception {
    Run run = setup("--dry-run", "--skip-build", "--registry", "registry.example/team");

    assertThat(run.commands()).contains("(cd functions && fn deploy --app fnjobs --all --registry registry.example/team --no-bump)");
    assertThat(run.log()).contains("never pulls a tag it already has").contains("--bump");
  }

  @Test
  void dryRun_shouldRemoveTheKeys_whenGivenEmptyValues_asOnAws() throws Exception {
    Run run = setup("--dry-run", "--skip-build", "--s3-endpoint", "", "--access-key", "", "--secret-key", "");

    assertThat(run.commands()).contains(
        "fn unset config app fnjobs FNJOBS_S3_ENDPOINT",
        "fn unset config app fnjobs AWS_ACCESS_KEY_ID",
        "fn unset config app fnjobs AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void dryRun_shouldQuoteValuesAShellWouldSplit() throws Exception {
    Run run = setup("--dry-run", "--skip-build", "--state-bucket", "my state's bucket");

    assertThat(run.commands()).contains("fn config app fnjobs FNJOBS_STATE_BUCKET 'my state'\\''s bucket'");
  }

  @Test
  void setup_shouldRefuseAtOnce_naming_anUnknownOptionAMissingValueOrABadPort() throws Exception {
    Run unknown = setup("--dry-run", "--sqs-endpoint", "http://127.0.0.1:9324");
    Run missing = setup("--dry-run", "--s3-endpoint");
    Run port = setup("--dry-run", "--smtp-port", "twenty-five");

    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.log()).contains("unknown option '--sqs-endpoint'");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.log()).contains("--s3-endpoint needs a value");
    assertThat(port.exit()).isEqualTo(2);
    assertThat(port.log()).contains("--smtp-port 'twenty-five' is not a port number");
    assertThat(List.of(unknown, missing, port)).allMatch(run -> run.commands().isEmpty());
  }

  @Test
  void help_shouldListEveryOption() throws Exception {
    Run run = setup("--help");

    assertThat(run.exit()).isZero();
    assertThat(String.join("\n", run.commands())).contains("--fn-api-url URL", "--app NAME", "--s3-endpoint URL",
        "--s3-region REGION", "--state-bucket NAME", "--smtp-host HOST", "--smtp-port PORT", "--access-key KEY",
        "--secret-key KEY", "--registry OWNER", "--fdk-image IMAGE", "--bump", "--skip-build", "--dry-run",
        "FN_DOCKER_NETWORKS=host");
  }

  /** Runs the script with {@code sh}, in an environment without the variables it also reads. */
  private static Run setup(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", Repo.path("infra/fn/setup.sh").toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("FNJOBS_") || name.startsWith("FN_"));
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String stdout = new String(out, StandardCharsets.UTF_8);
    return new Run(process.exitValue(), stdout.lines().toList(), new String(err, StandardCharsets.UTF_8));
  }
}
