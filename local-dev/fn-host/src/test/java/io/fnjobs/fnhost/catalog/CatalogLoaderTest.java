package io.fnjobs.fnhost.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.fnhost.ids.FnIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogLoaderTest {

  private static final String APP = "name: jobs\nconfig:\n  BUCKET: state\n";

  @TempDir Path dir;

  private final CatalogLoader loader = new CatalogLoader();

  @Test
  void load_shouldReadAppAndFunctionsWithFnDefaults_whenFolderIsValid() throws IOException {
    write("app.yaml", APP + "annotations:\n  team: jobs\nsyslog_url: tcp://127.0.0.1:514\n");
    function("resize", "schema_version: 20180708\nname: resize\nversion: 1.2.0\ncmd: a.b.Resize::handle\nconfig:\n  SIZES: \"128\"\n  RETRIES: 3\n");
    built("resize", "resize.jar", "a-dependency.jar", "notes.txt");
    write("common/pom.xml", "<project/>");

    Catalog catalog = loader.load(dir);

    assertThat(catalog.app().name()).isEqualTo("jobs");
    assertThat(catalog.app().id()).isEqualTo(FnIds.appId("jobs"));
    assertThat(catalog.app().config()).containsEntry("BUCKET", "state");
    assertThat(catalog.app().annotations()).containsEntry("team", "jobs");
    assertThat(catalog.app().syslogUrl()).hasValue("tcp://127.0.0.1:514");
    assertThat(catalog.functions()).singleElement().satisfies(fn -> {
      assertThat(fn.id()).isEqualTo(FnIds.functionId("jobs", "resize"));
      assertThat(fn.appId()).isEqualTo(catalog.app().id());
      assertThat(fn.cmd()).isEqualTo("a.b.Resize::handle");
      assertThat(fn.image()).isEqualTo("resize:1.2.0");
      assertThat(fn.memoryMb()).isEqualTo(128);
      assertThat(fn.timeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(fn.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(fn.config()).containsEntry("SIZES", "128").containsEntry("RETRIES", "3");
      assertThat(fn.jars()).extracting(jar -> jar.getFileName().toString()).containsExactly("resize.jar", "a-dependency.jar");
    });
  }

  @Test
  void load_shouldAcceptEveryFuncYamlFieldOfFn_whenTheyAreWellFormed() throws IOException {
    write("app.yaml", APP);
    function(
        "full",
        """
        schema_version: 20180708
        name: full
        version: 0.1.0
        runtime: java
        build_image: fnproject/fn-java-fdk-build:jdk17-1.0.212
        run_image: fnproject/fn-java-fdk:jre17-1.0.212
        cmd: a.Full::handleRequest
        entrypoint: /usr/bin/java
        content_type: application/json
        type: http
        memory: 1024
        timeout: 300
        idle_timeout: 3600
        annotations:
          fnproject.io/fn/something: {"nested": [1, 2]}
        triggers:
        - name: full
          type: http
          source: /full
        """);
    built("full", "full.jar");

    assertThat(loader.load(dir).functionByName("full").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void load_shouldFailNamingFileAndField_whenFuncYamlHasAnUnknownField() throws IOException {
    write("app.yaml", APP);
    function("resize", "schema_version: 20180708\nname: resize\ncmd: a.Resize::handle\nmemroy: 256\n");
    built("resize", "resize.jar");

    assertThatThrownBy(() -> loader.load(dir))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining(dir.resolve("resize/func.yaml").toString())
        .hasMessageContaining("field 'memroy'")
        .hasMessageContaining("not a field of an Fn func.yaml");
  }

  @Test
  void load_shouldFailNamingCmd_whenCmdIsMissing() throws IOException {
    write("app.yaml", APP);
    function("resize", "schema_version: 20180708\nname: resize\n");
    built("resize", "resize.jar");

    assertThatThrownBy(() -> loader.load(dir))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining(dir.resolve("resize/func.yaml") + ": field 'cmd': is missing");
  }

  @Test
  void load_shouldFail_whenCmdIsNotAnEntryPoint() throws IOException {
    write("app.yaml", APP);
    function("resize", "schema_version: 20180708\nname: resize\ncmd: a.Resize.handle\n");
    built("resize", "resize.jar");

    assertThatThrownBy(() -> loader.load(dir))
        .hasMessageContaining("field 'cmd' = 'a.Resize.handle': expected the FDK entry point as pkg.Class::method");
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "0", "-5", "1.5", "301", "\"\""})
  void load_shouldFailNamingTheValue_whenTimeoutIsNotAPositiveWholeNumberFnAccepts(String timeout) throws IOException {
    write("app.yaml", APP);
    function("resize", "schema_version: 20180708\nname: resize\ncmd: a.Resize::handle\ntimeout: " + timeout + "\n");
    built("resize", "resize.jar");

    assertThatThrownBy(() -> loader.load(dir))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining(dir.resolve("resize/func.yaml") + ": field 'timeout' = '")
        .hasMessageContaining("expected a whole number of seconds from 1 to 300");
  }

  @Test
  void load_shouldFailWithTheBuildCommand_whenBuildOutputIsMissing() throws IOException {
    write("app.yaml", APP);
    function("resize", "schema_version: 20180708\nname: resize\ncmd: a.Resize::handle\n");

    assertThatThrownBy(() -> loader.load(dir))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining(dir.resolve("resize/target/fn/app").toString())
        .hasMessageContaining("run `mvn -DskipTests package` in " + dir.getParent());
  }

  @Test
  void load_shouldFailNamingAppYaml_whenAppYamlHasAnUnknownField() throws IOException {
    write("app.yaml", APP + "shape: GENERIC_X86\n");

    assertThatThrownBy(() -> loader.load(dir))
        .hasMessageContaining(dir.resolve("app.yaml") + ": field 'shape': is not a field of an Fn app.yaml");
  }

  @Test
  void load_shouldFailPointingAtFunctionsDir_whenAppYamlIsMissing() {
    assertThatThrownBy(() -> loader.load(dir))
        .hasMessageContaining(dir.resolve("app.yaml") + ": does not exist: set the host's functionsDir");
  }

  @Test
  void load_shouldFail_whenSchemaVersionIsNotFns() throws IOException {
    write("app.yaml", APP);
    function("resize", "schema_version: 1\nname: resize\ncmd: a.Resize::handle\n");
    built("resize", "resize.jar");

    assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("field 'schema_version' = '1': expected 20180708");
  }

  @Test
  void load_shouldFail_whenTwoFunctionsShareAName() throws IOException {
    write("app.yaml", APP);
    function("one", "schema_version: 20180708\nname: same\ncmd: a.One::handle\n");
    function("two", "schema_version: 20180708\nname: same\ncmd: a.Two::handle\n");
    built("one", "one.jar");
    built("two", "two.jar");

    assertThatThrownBy(() -> loader.load(dir)).hasMessageContaining("field 'name' = 'same': another func.yaml");
  }

  @Test
  void load_shouldListEveryProblem_whenSeveralFieldsAreInvalid() throws IOException {
    write("app.yaml", APP);
    function("resize", "schema_version: 20180708\nname: resize\ncmd: a.Resize::handle\nmemory: lots\nconfig: [a]\n");
    built("resize", "resize.jar");

    assertThatThrownBy(() -> loader.load(dir))
        .isInstanceOfSatisfying(
            InvalidCatalogException.class,
            e -> assertThat(e.problems()).extracting(InvalidCatalogException.Problem::field).containsExactlyInAnyOrder("memory", "config"))
        .hasMessageContaining("2 problems");
  }

  private void function(String folder, String funcYaml) throws IOException {
    write(folder + "/func.yaml", funcYaml);
  }

  private void built(String folder, String... files) throws IOException {
    for (String file : files) {
      write(folder + "/target/fn/app/" + file, "");
    }
  }

  private void write(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
