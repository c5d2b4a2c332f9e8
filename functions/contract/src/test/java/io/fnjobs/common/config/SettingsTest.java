package io.fnjobs.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SettingsTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(Settings.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void listen() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(logged);
  }

  @Test
  void find_shouldReadTheOldNameAndWarnNamingTheNewOne_whenOnlyTheOldNameIsSet() {
    Settings settings = Settings.of(Map.of("THUMBNAIL_OUTPUT_BUCKET", " thumbs ", "ORDERS_BUCKET", "shop"));

    assertThat(Bucket.THUMBNAILS.nameIn(settings)).isEqualTo("thumbs");
    assertThat(settings.require(Bucket.ORDERS.setting(), "orders")).isEqualTo("shop");
    assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "setting THUMBNAIL_OUTPUT_BUCKET is deprecated and will be ignored in the next release: set FNJOBS_THUMBNAILS_BUCKET instead",
        "setting ORDERS_BUCKET is deprecated and will be ignored in the next release: set FNJOBS_ORDERS_BUCKET instead");
  }

  @Test
  void find_shouldTakeTheNewNameWithoutWarning_whenBothNamesAreSet() {
    Settings settings = Settings.of(Map.of("FNJOBS_ORDERS_BUCKET", "new", "ORDERS_BUCKET", "old"));

    assertThat(Bucket.ORDERS.nameIn(settings)).isEqualTo("new");
    assertThat(logged.list).isEmpty();
  }

  @Test
  void find_shouldUseTheDefault_whenNeitherNameIsSetOrTheOldOneIsBlank() {
    assertThat(Bucket.THUMBNAILS.nameIn(Settings.of(Map.of()))).isEqualTo("thumbnails");
    assertThat(Bucket.THUMBNAILS.nameIn(Settings.of(Map.of("THUMBNAIL_OUTPUT_BUCKET", " ")))).isEqualTo("thumbnails");
    assertThat(Bucket.STATE.nameIn(Settings.of(Map.of("STATE_BUCKET", "not an old name")))).isEqualTo("state");
    assertThat(logged.list).isEmpty();
  }
}
