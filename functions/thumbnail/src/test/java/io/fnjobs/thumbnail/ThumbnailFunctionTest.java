package io.fnjobs.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.ETags;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.fntesting.FnTesting;
import io.fnjobs.fntesting.FnTestingExtension;
import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The FDK adapter with the real FDK runtime, over the real embedded S3 server. */
@ExtendWith(FnTestingExtension.class)
class ThumbnailFunctionTest {

  private static final String KEY = "images/cat photo+1.jpg";

  @TempDir static Path data;

  private static EmbeddedS3 server;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data).build());
    server.createBuckets(List.of("uploads", "thumbnails", "state"));
    s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"));
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  private static void configure(FnTesting fn) {
    fn.setConfig("FNJOBS_S3_ENDPOINT", server.uri().toString());
    fn.setConfig("FNJOBS_S3_ACCESS_KEY", "minioadmin");
    fn.setConfig("FNJOBS_S3_SECRET_KEY", "minioadmin");
  }

  @Test
  void handleRequest_shouldReplySucceededWithTheOutputs_whenAnImageIsUploaded(FnTesting fn) {
    configure(fn);
    fn.setConfig("THUMBNAIL_SIZES", "64, 256");
    String etag = upload(KEY, SampleImages.jpeg(SampleImages.photo(1000, 500, 1), 0.9f));
    fn.givenEvent().withBody(event("events/blob-created.json", etag)).enqueue();

    fn.thenRun(ThumbnailFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).as(fn.getStdErrAsString()).isEqualTo(200);
    JobReply reply = fn.getOnlyResult().bodyAs(JobReply.class);
    assertThat(reply.state()).isEqualTo("succeeded");
    assertThat(reply.subject()).isEqualTo(KEY);
    assertThat(reply.result().path("outputs").findValuesAsText("key")).containsExactly("256/" + KEY, "64/" + KEY);
    assertThat(s3.headObject(r -> r.bucket("thumbnails").key("64/" + KEY)).contentType()).isEqualTo("image/jpeg");
    StatusFlag flag = new ObjectStoreStatusFlags(new S3ConditionalStore(s3, "state"), Clock.systemUTC())
        .get("thumbnail", KEY).orElseThrow();
    assertThat(flag.eventOrder()).as("ordered by the version's last-modified time, then the event's sequencer")
        .isEqualTo(EventOrder.objectVersion(s3.headObject(r -> r.bucket("uploads").key(KEY)).lastModified(),
            "187A0C2B5D6E7F80"));
  }

  @Test
  void handleRequest_shouldRejectAnEmptyAndATruncatedJpeg_namingTheKeys_withoutTheTemporaryFileInReplyOrLog(
      FnTesting fn) {
    configure(fn);
    byte[] jpeg = SampleImages.jpeg(SampleImages.photo(800, 600, 2), 0.9f);
    fn.givenEvent().withBody(createdEvent("images/empty.jpg", upload("images/empty.jpg", new byte[0]))).enqueue();
    fn.givenEvent().withBody(createdEvent("images/half.jpg", upload("images/half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2))))
        .enqueue();

    fn.thenRun(ThumbnailFunction.class, "handleRequest");

    List<JobReply> replies = fn.getResults().stream().map(result -> result.bodyAs(JobReply.class)).toList();
    assertThat(replies).extracting(JobReply::state).containsExactly("rejected", "rejected");
    assertThat(replies.get(0).detail()).startsWith("empty-file: images/empty.jpg is empty");
    assertThat(replies.get(1).detail()).startsWith("corrupt-image: the jpeg image images/half.jpg is truncated");
    String temporary = System.getProperty("java.io.tmpdir");
    assertThat(replies).extracting(JobReply::detail).noneMatch(detail -> detail.contains(temporary));
    assertThat(fn.getStdErrAsString()).as("the function's log").contains("images/half.jpg")
        .doesNotContain(temporary, "thumbnail-source-");
  }

  @Test
  void handleRequest_shouldMakeThumbnailsMarkedPartial_whenThumbnailAcceptPartialImagesIsTrue(FnTesting fn) {
    configure(fn);
    fn.setConfig("THUMBNAIL_ACCEPT_PARTIAL_IMAGES", "true");
    byte[] jpeg = SampleImages.jpeg(SampleImages.photo(800, 600, 3), 0.9f);
    String key = "images/half accepted.jpg";
    fn.givenEvent().withBody(createdEvent(key, upload(key, Arrays.copyOf(jpeg, jpeg.length / 2)))).enqueue();

    fn.thenRun(ThumbnailFunction.class, "handleRequest");

    JobReply reply = fn.getOnlyResult().bodyAs(JobReply.class);
    assertThat(reply.state()).as(fn.getStdErrAsString()).isEqualTo("succeeded");
    assertThat(reply.result().path("partial").asBoolean()).isTrue();
    assertThat(fn.getStdErrAsString()).contains("from part of the image (THUMBNAIL_ACCEPT_PARTIAL_IMAGES is true)");
  }

  @Test
  void handleRequest_shouldFailNamingTheExpectedKind_whenTheEventIsNotABlobChange(FnTesting fn) {
    configure(fn);
    fn.givenEvent().withBodyFromResource("events/queue-message.json").enqueue();

    fn.thenRun(ThumbnailFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("function thumbnail handles blob events", "sent a queue event");
  }

  @Test
  void handleRequest_shouldFailNamingTheKey_whenThumbnailSizesIsInvalid(FnTesting fn) {
    configure(fn);
    fn.setConfig("THUMBNAIL_SIZES", "small,large");
    fn.givenEvent().withBody(event("events/blob-created.json", "0")).enqueue();

    fn.thenRun(ThumbnailFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("setting THUMBNAIL_SIZES has the value 'small,large'");
  }

  private static String event(String resource, String etag) {
    try (InputStream in = ThumbnailFunctionTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${etag}", etag);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The created event of {@code key}, as {@code events/blob-created.json} has it for its own key. */
  private static String createdEvent(String key, String etag) {
    return event("events/blob-created.json", etag).replace(KEY, key);
  }

  private static String upload(String key, byte[] bytes) {
    return ETags.bare(s3.putObject(r -> r.bucket("uploads").key(key), RequestBody.fromBytes(bytes)).eTag());
  }
}
