package io.fnjobs.triggers;

import io.fnjobs.triggers.definition.InvalidTriggerDefinitionException;
import io.fnjobs.triggers.runtime.TriggerService;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trigger layer as a production service: {@code java -jar fnjobs-triggers.jar}, configured by
 * environment variables. SIGINT or SIGTERM stops it gracefully within FNJOBS_STOP_WAIT.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    TriggerService service;
    try {
      service = TriggerService.start(TriggerLayerOptions.fromEnvironment(System.getenv()), Clock.systemUTC());
    } catch (InvalidTriggerDefinitionException e) {
      LOG.error("refusing to start: {}", e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      LOG.error("refusing to start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      done.countDown();
    }, "trigger-layer-shutdown"));
    done.await();
  }
}
