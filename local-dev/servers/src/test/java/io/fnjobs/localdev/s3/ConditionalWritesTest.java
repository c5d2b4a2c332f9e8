package io.fnjobs.localdev.s3;

import static io.fnjobs.localdev.s3.S3TestSupport.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The state bucket's idempotency records and leases rely on these answers under races.
 *
 * <p>The server's side is counted from its change events: exactly one write per round. The clients'
 * side: every writer is answered, the winner with its ETag and each other writer with a 412, never
 * with a broken connection ({@link EarlyRefusalTest}); the racing client does not retry, so an I/O
 * error would show.
 */
class ConditionalWritesTest {

  private static final String REFUSED = "refused";

  @TempDir Path dataDir;

  private final List<StoreEvent> events = new CopyOnWriteArrayList<>();
  private EmbeddedS3 s3;
  private S3Client client;
  private S3Client racingClient;
  private ExecutorService writers;

  @BeforeEach
  void start() {
    s3 = S3TestSupport.start(dataDir, events::add);
    client = S3TestSupport.client(s3.uri());
    racingClient = S3TestSupport.clientWithoutRetries(s3.uri());
    writers = Executors.newFixedThreadPool(16);
  }

  @AfterEach
  void stop() {
    writers.shutdownNow();
    racingClient.close();
    client.close();
    s3.close();
  }

  @Test
  void putIfNoneMatch_shouldLetExactlyOneWriterCreateTheKey_when16WritersRace() throws Exception {
    for (int round = 0; round < 20; round++) {
      String key = "claims/" + round;

      List<String> answered = race(16, writer -> put(b -> b.key(key).ifNoneMatch("*"), "writer " + writer));

      assertExactlyOneWrite(round, key, answered);
    }
  }

  @Test
  void putIfMatch_shouldLetExactlyOneWriterReplaceTheVersion_when8WritersHoldTheSameEtag() throws Exception {
    for (int round = 0; round < 30; round++) {
      String etag = client.putObject(b -> b.bucket(BUCKET).key("lease"), RequestBody.fromString("base " + round)).eTag();
      events.clear();

      int current = round;
      List<String> answered = race(8, writer -> put(b -> b.key("lease").ifMatch(etag), "round " + current + " writer " + writer));

      assertExactlyOneWrite(round, "lease", answered);
    }
  }

  @Test
  void putIfMatch_shouldAnswer412_whenTheEtagIsStale() {
    String first = client.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromString("1")).eTag();
    client.putObject(b -> b.bucket(BUCKET).key("k").ifMatch(first), RequestBody.fromString("2"));

    assertThatThrownBy(() -> client.putObject(b -> b.bucket(BUCKET).key("k").ifMatch(first), RequestBody.fromString("3")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThat(read("k")).isEqualTo("2");
  }

  @Test
  void putIfMatch_shouldAnswer404_whenTheKeyIsMissing() {
    assertThatThrownBy(() -> client.putObject(b -> b.bucket(BUCKET).key("missing").ifMatch("\"abc\""),
            RequestBody.fromString("x")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  private void assertExactlyOneWrite(int round, String key, List<String> answered) {
    List<StoreEvent> writes = events.stream().filter(e -> e.key().equals(key)).toList();
    assertThat(writes).as("writes in round %d", round).hasSize(1);
    assertThat(writes.get(0).etag()).isEqualTo(KeySerialisingStore.unquoted(
        client.headObject(b -> b.bucket(BUCKET).key(key)).eTag()));
    List<String> winners = answered.stream().filter(answer -> !answer.equals(REFUSED)).toList();
    assertThat(winners).as("writers told they won in round %d", round).hasSizeLessThanOrEqualTo(1);
    winners.forEach(winner -> assertThat(read(key)).isEqualTo(winner));
  }

  /** Runs the writers at once; returns what each was answered: the body it wrote, or {@link #REFUSED}. */
  private List<String> race(int count, IntFunction<String> writer) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int id = i;
      outcomes.add(writers.submit(() -> {
        go.await();
        return writer.apply(id);
      }));
    }
    go.countDown();
    List<String> answered = new ArrayList<>();
    for (Future<String> outcome : outcomes) {
      answered.add(outcome.get());
    }
    return answered;
  }

  private String put(Consumer<PutObjectRequest.Builder> request, String body) {
    try {
      racingClient.putObject(b -> request.accept(b.bucket(BUCKET)), RequestBody.fromString(body));
      return body;
    } catch (S3Exception e) {
      assertThat(e.statusCode()).as("refusal of %s", body).isEqualTo(412);
      return REFUSED;
    }
  }

  private String read(String key) {
    return client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
  }
}
