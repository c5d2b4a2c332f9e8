package io.fnjobs.localdev.s3;

import static io.fnjobs.localdev.s3.S3TestSupport.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The filesystem store removes a folder when its last object goes. A request in that folder at the
 * same moment (another key's PUT creating its file there, another DELETE) must still be answered as S3
 * answers it: the PUT stored, the DELETE 204; and nothing may show a file path of the data folder.
 */
class FolderPruningRaceTest {

  @TempDir Path dataDir;

  private EmbeddedS3 s3;
  private S3Client client;
  private ExecutorService pool;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void start() {
    s3 = S3TestSupport.start(dataDir, event -> { });
    // from here on: the start's own line names the data folder, as it should
    logged.start();
    root.addAppender(logged);
    client = S3TestSupport.clientWithoutRetries(s3.uri());
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    client.close();
    s3.close();
    root.detachAppender(logged);
  }

  @Test
  void putAndDelete_shouldAnswerAsS3_whenADeleteEmptiesTheFolderAnotherPutWritesTo() throws Exception {
    List<Future<?>> racers = new ArrayList<>();
    for (int worker = 0; worker < 8; worker++) {
      int me = worker;
      racers.add(pool.submit(() -> {
        for (int round = 0; round < 80; round++) {
          // every worker writes and deletes its own key in folders all workers share: each delete
          // empties a folder that the others' puts are writing to
          String key = "holds/instance/trigger/" + (round % 3) + "/" + me + ".json";
          client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("{}"));
          assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo("{}");
          client.deleteObject(b -> b.bucket(BUCKET).key(key));
          client.deleteObject(b -> b.bucket(BUCKET).key(key));
        }
        return null;
      }));
    }
    for (Future<?> racer : racers) {
      racer.get();
    }

    assertThat(logged.list).extracting(FolderPruningRaceTest::withCauses)
        .noneMatch(line -> line.contains(dataDir.toString()));
  }

  private static String withCauses(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getFormattedMessage());
    for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
      line.append(" | ").append(cause.getClassName()).append(": ").append(cause.getMessage());
    }
    return line.toString();
  }
}
