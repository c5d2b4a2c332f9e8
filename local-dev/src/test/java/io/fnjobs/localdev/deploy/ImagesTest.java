package io.fnjobs.localdev.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code fn deploy} builds from each function's folder, and compose from the repository root for
 * the trigger layer: the Dockerfiles and their build contexts.
 */
class ImagesTest {

  /** What a function's folder holds after {@code mvn package}: the context Docker is given. */
  private static final List<String> FOLDER = List.of(
      "Dockerfile", ".dockerignore", "func.yaml", "pom.xml",
      "src/main/java/io/fnjobs/Function.java", "src/test/resources/events/event.json",
      "target/classes/io/fnjobs/Function.class", "target/test-classes/io/fnjobs/FunctionTest.class",
      "target/surefire-reports/TEST-io.fnjobs.FunctionTest.xml", "target/maven-archiver/pom.properties",
      "target/fn/app/function.jar", "target/fn/app/jackson-databind-2.20.1.jar");

  static Stream<Path> functions() {
    return Repo.files(Repo.path("functions"), file -> file.getFileName().toString().equals("Dockerfile"))
        .stream().map(Path::getParent);
  }

  @ParameterizedTest
  @MethodSource("functions")
  void dockerignore_shouldSendOnlyWhatTheDockerfileCopies(Path function) {
    DockerIgnore ignore = DockerIgnore.parse(Repo.read(function.resolve(".dockerignore")));
    List<String> copied = copySources(Repo.read(function.resolve("Dockerfile")));

    // Docker always reads the Dockerfile and .dockerignore themselves; the rest is what the patterns let through
    List<String> sent = FOLDER.stream().filter(ignore::sends)
        .filter(file -> !file.equals("Dockerfile") && !file.equals(".dockerignore")).toList();

    assertThat(copied).as("COPY sources of %s", Repo.relative(function)).containsExactly("target/fn/app/");
    assertThat(sent).as("files of %s sent to the build", Repo.relative(function))
        .containsExactly("target/fn/app/function.jar", "target/fn/app/jackson-databind-2.20.1.jar");
  }

  @ParameterizedTest
  @MethodSource("functions")
  void dockerfile_shouldTakeItsBaseImageFromTheFdkImageArgument_defaultingToThePomsFdk(Path function) {
    List<String> instructions = instructions(Repo.read(function.resolve("Dockerfile")));
    Matcher fdkVersion = Pattern.compile("<fdk\\.version>([^<]+)</fdk\\.version>").matcher(Repo.read(Repo.path("pom.xml")));
    assertThat(fdkVersion.find()).isTrue();

    assertThat(instructions.get(0)).isEqualTo("ARG FDK_IMAGE=fnproject/fn-java-fdk:jre17-" + fdkVersion.group(1));
    assertThat(instructions.get(1)).isEqualTo("FROM ${FDK_IMAGE}");
    assertThat(instructions.stream().filter(line -> line.startsWith("FROM "))).hasSize(1);
  }

  @Test
  void rootDockerignore_shouldSendOnlyWhatTheTriggerLayersDockerfileCopies() {
    DockerIgnore ignore = DockerIgnore.parse(Repo.read(Repo.path(".dockerignore")));
    List<String> copied = copySources(Repo.read(Repo.path("triggers/Dockerfile")));
    List<String> repository = List.of(
        "README.md", "pom.xml", ".git/config", ".fnjobs-data/s3/uploads/images/cat.jpg",
        "functions/thumbnail/target/fn/app/thumbnail.jar", "local-dev/target/lib/s3proxy-4.1.0.jar",
        "triggers/src/main/java/io/fnjobs/triggers/Main.java", "triggers/target/classes/logback.xml",
        "triggers/target/fnjobs-triggers.jar", "triggers/target/lib/cron-utils-9.2.1.jar",
        "infra/triggers/orders-from-queue.yaml", "infra/aws/fnjobs.yaml");

    List<String> sent = repository.stream().filter(ignore::sends).toList();

    assertThat(copied).containsExactly("triggers/target/lib/", "triggers/target/fnjobs-triggers.jar", "infra/triggers/");
    assertThat(sent).containsExactly("triggers/target/fnjobs-triggers.jar", "triggers/target/lib/cron-utils-9.2.1.jar",
        "infra/triggers/orders-from-queue.yaml");
  }

  /** The Dockerfile's instructions, one line each: comments and blank lines dropped, continuations joined. */
  private static List<String> instructions(String dockerfile) {
    String joined = dockerfile.replaceAll("\\\\\\n", " ");
    return joined.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }

  private static List<String> copySources(String dockerfile) {
    return instructions(dockerfile).stream()
        .filter(line -> line.startsWith("COPY "))
        .map(line -> line.split("\\s+"))
        .map(words -> words[1])
        .toList();
  }
}
