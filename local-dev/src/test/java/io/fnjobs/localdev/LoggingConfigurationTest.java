package io.fnjobs.localdev;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The embedded stack logs through the trigger layer's logback.xml, with its own servers quieted. */
class LoggingConfigurationTest {

  @Test
  void classpath_shouldHoldOneLogbackXml_theTriggerLayers() throws Exception {
    List<URL> configurations = Collections.list(getClass().getClassLoader().getResources("logback.xml"));

    assertThat(configurations).hasSize(1);
    assertThat(configurations.get(0).toString()).contains("triggers");
  }

  @Test
  void loggerContext_shouldLogAtFnjobsLogLevel_withTheAwsSdkAndTheEmbeddedServersAtWarn() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    // INFO unless whoever runs the tests has set another level
    Level level = Level.toLevel(System.getenv().getOrDefault("FNJOBS_LOG_LEVEL", "INFO"), Level.INFO);
    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(level);
    assertThat(context.getLogger("software.amazon.awssdk.request").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.gaul.s3proxy.S3ProxyHandler").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.apache.pekko.actor").getEffectiveLevel()).isEqualTo(Level.WARN);
  }
}
