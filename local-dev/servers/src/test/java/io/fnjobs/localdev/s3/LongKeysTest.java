package io.fnjobs.localdev.s3;

import static io.fnjobs.localdev.s3.S3TestSupport.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.localdev.s3.WebhookReceiver.Delivery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 takes any key of up to 1024 bytes (UTF-8), however long its segments between slashes; a
 * filesystem takes names of up to 255 bytes. The embedded store must take every key S3 takes, list
 * them as S3 lists them, and refuse longer keys as S3 does.
 */
class LongKeysTest {

  /** A 300-byte segment: spaces, plus, percent, two-byte and three-byte characters, and '¦'. */
  private static final String LONG_SEGMENT = fill("photo 100%+é ключ 日本 ¦ ", 300);
  /** "images/", the 300-byte segment, "/", and a last segment filling the key to 1024 bytes. */
  private static final String KEY_1024 = "images/" + LONG_SEGMENT + "/" + fill("x", 1024 - 308 - 4) + ".jpg";

  @TempDir Path dataDir;

  private final WebhookReceiver receiver = new WebhookReceiver();
  private MinioWebhookSender sender;
  private EmbeddedS3 s3;
  private S3Client client;

  @BeforeEach
  void start() {
    sender = new MinioWebhookSender(receiver.uri(), "token");
    s3 = S3TestSupport.start(dataDir, sender);
    client = S3TestSupport.client(s3.uri());
  }

  @AfterEach
  void stop() {
    client.close();
    s3.close();
    sender.close();
    receiver.close();
  }

  @Test
  void putGetHeadCopyDelete_shouldRoundTrip_whenTheKeyHas1024BytesAndA300ByteSegment() {
    assertThat(bytes(KEY_1024)).isEqualTo(1024);
    String copy = "copies/" + LONG_SEGMENT + "/" + fill("y", 1024 - 308 - 4) + ".jpg";

    String etag = put(KEY_1024, "original");
    client.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(KEY_1024).destinationBucket(BUCKET).destinationKey(copy));

    assertThat(read(KEY_1024)).isEqualTo("original");
    assertThat(client.headObject(b -> b.bucket(BUCKET).key(KEY_1024)).eTag()).isEqualTo(etag);
    assertThat(read(copy)).isEqualTo("original");
    client.deleteObject(b -> b.bucket(BUCKET).key(KEY_1024));
    assertThatThrownBy(() -> read(KEY_1024)).isInstanceOf(NoSuchKeyException.class);
    assertThat(keys(b -> b.prefix(""))).containsExactly(copy);
  }

  @Test
  void putIfNoneMatch_shouldCreateOnceThenAnswer412_whenTheKeyHasALongSegment() {
    String flag = "state/thumbnail/images/" + fill("a", 211) + ".jpg.json";

    client.putObject(b -> b.bucket(BUCKET).key(flag).ifNoneMatch("*"), RequestBody.fromString("first"));

    assertThatThrownBy(() -> client.putObject(b -> b.bucket(BUCKET).key(flag).ifNoneMatch("*"),
            RequestBody.fromString("second")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThat(read(flag)).isEqualTo("first");
  }

  @Test
  void completeMultipartUpload_shouldAssembleTheObject_whenTheKeyHas1024BytesOrOneLongSegment() {
    List<String> keys = List.of(KEY_1024, fill("m", 169), fill("n", 170), fill("o", 300));

    for (String key : keys) {
      S3TestSupport.uploadInTwoParts(client, key);
    }

    for (String key : keys) {
      assertThat(client.headObject(b -> b.bucket(BUCKET).key(key)).contentLength()).isEqualTo(5 * 1024 * 1024 + 4L);
    }
    assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
  }

  @Test
  void listMultipartUploads_shouldNameTheRealKey_whenAnUploadOfALongKeyIsUnfinished() {
    String upload = client.createMultipartUpload(b -> b.bucket(BUCKET).key(KEY_1024)).uploadId();

    assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads())
        .singleElement().satisfies(u -> {
          assertThat(u.key()).isEqualTo(KEY_1024);
          assertThat(u.uploadId()).isEqualTo(upload);
        });
    client.abortMultipartUpload(b -> b.bucket(BUCKET).key(KEY_1024).uploadId(upload));
    assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
  }

  @Test
  void writes_shouldAnswerKeyTooLongError_whenTheKeyHas1025Bytes() {
    String key = KEY_1024.replace(".jpg", ".jpeg");
    assertThat(bytes(key)).isEqualTo(1025);
    put("source", "s");

    assertKeyTooLong(() -> put(key, "x"));
    assertKeyTooLong(() -> client.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("source")
        .destinationBucket(BUCKET).destinationKey(key)));
    assertKeyTooLong(() -> client.createMultipartUpload(b -> b.bucket(BUCKET).key(key)));
    assertThat(keys(b -> b.prefix(""))).containsExactly("source");
  }

  @Test
  void list_shouldGiveS3sOrder_withPrefixDelimiterAndEveryPageSize_whenKeysHaveLongSegments() {
    String a300 = fill("a", 300);
    // a key cannot also be the folder of another in a filesystem store, so no "p/a" with "p/a/b"
    List<String> keys = new ArrayList<>(List.of(
        "p/" + a300, "p/" + a300 + "c/x", "p/" + a300 + "c/y/z", "p/" + fill("a", 299) + "b", "p/" + fill("a", 299) + "/",
        "p/" + fill("a", 200), "p/" + fill("a", 169), "p/" + fill("a", 170) + "0", "p/0", "p/a", "p/b/c", "p/¦x",
        "p/¦+" + a300, "p/" + fill("é", 150) + "€", "p/" + fill("日", 100), "q", "o/" + a300));
    keys.forEach(key -> put(key, key));
    keys.sort(Comparator.comparing(key -> key.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));

    assertThat(keys(b -> b.prefix(""))).containsExactlyElementsOf(keys);
    assertThat(keys(b -> b.prefix("p/" + fill("a", 250))))
        .containsExactlyElementsOf(keys.stream().filter(k -> k.startsWith("p/" + fill("a", 250))).toList());
    List<String> level = List.of(
        "p/0", "p/a", "p/" + fill("a", 169), "p/" + fill("a", 170) + "0", "p/" + fill("a", 200),
        "p/" + fill("a", 299) + "/", "p/" + a300, "p/" + a300 + "c/", "p/" + fill("a", 299) + "b", "p/b/",
        "p/¦+" + a300, "p/¦x", "p/" + fill("é", 150) + "€", "p/" + fill("日", 100));
    for (int pageSize : List.of(1, 2, 3, 1000)) {
      assertThat(pagedV2(pageSize, "p/", "/")).as("page size %d", pageSize).containsExactlyElementsOf(level);
      assertThat(pagedV2(pageSize, "p/a", "/")).as("page size %d", pageSize)
          .containsExactlyElementsOf(level.stream().filter(name -> name.startsWith("p/a")).toList());
      assertThat(pagedV1(pageSize, "p/" + a300 + "c/", "/")).as("page size %d", pageSize)
          .containsExactly("p/" + a300 + "c/x", "p/" + a300 + "c/y/");
      assertThat(pagedV2(pageSize, "", "/")).as("page size %d", pageSize).containsExactly("o/", "p/", "q");
    }
    assertThat(client.listObjectsV2(b -> b.bucket(BUCKET).prefix("p/").startAfter("p/" + fill("a", 200)).maxKeys(2))
        .contents()).extracting(S3Object::key).containsExactly("p/" + fill("a", 299) + "/", "p/" + a300);
  }

  @Test
  void changes_shouldReachTheWebhookWithTheRealKey_whenTheKeyHasALongSegment() throws Exception {
    put(KEY_1024, "jpeg");
    client.deleteObject(b -> b.bucket(BUCKET).key(KEY_1024));
    sender.close();

    List<Delivery> deliveries = receiver.awaitAccepted(2);

    assertThat(deliveries).extracting(d -> d.body().get("Key").asText())
        .containsExactly(BUCKET + "/" + KEY_1024, BUCKET + "/" + KEY_1024);
    JsonNode record = deliveries.get(0).body().at("/Records/0");
    assertThat(record.at("/s3/object/key").asText()).isEqualTo(MinioEventFormat.queryEscape(KEY_1024));
    assertThat(record.at("/s3/object/size").asLong()).isEqualTo(4);
  }

  @Test
  void start_shouldServeLongKeysAgain_whenStartedAgainOnTheSameDataDir() {
    put(KEY_1024, "kept");
    client.close();
    s3.close();

    s3 = S3TestSupport.start(dataDir, StoreEventSink.NONE);
    client = S3TestSupport.client(s3.uri());

    assertThat(read(KEY_1024)).isEqualTo("kept");
    assertThat(keys(b -> b.prefix("images/"))).containsExactly(KEY_1024);
  }

  private void assertKeyTooLong(Runnable write) {
    assertThatThrownBy(write::run).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KeyTooLongError");
      assertThat(e.awsErrorDetails().errorMessage()).contains("Your key is too long");
    });
  }

  /** Keys and common prefixes in the order returned, over all V2 pages of {@code pageSize}. */
  private List<String> pagedV2(int pageSize, String prefix, String delimiter) {
    List<String> names = new ArrayList<>();
    String token = null;
    do {
      String continuation = token;
      ListObjectsV2Response page = client.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix).delimiter(delimiter)
          .maxKeys(pageSize).continuationToken(continuation));
      assertThat(page.keyCount()).isLessThanOrEqualTo(pageSize);
      names.addAll(merged(page.contents(), page.commonPrefixes()));
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    return names;
  }

  /** As {@link #pagedV2}, with V1 listings and their markers. */
  private List<String> pagedV1(int pageSize, String prefix, String delimiter) {
    List<String> names = new ArrayList<>();
    String marker = null;
    do {
      String after = marker;
      ListObjectsResponse page = client.listObjects(ListObjectsRequest.builder().bucket(BUCKET).prefix(prefix)
          .delimiter(delimiter).maxKeys(pageSize).marker(after).build());
      List<String> onPage = merged(page.contents(), page.commonPrefixes());
      names.addAll(onPage);
      marker = page.isTruncated() ? (page.nextMarker() != null ? page.nextMarker() : onPage.get(onPage.size() - 1)) : null;
    } while (marker != null);
    return names;
  }

  /** A page's keys and common prefixes in S3's order (UTF-8 bytes), as S3 interleaves them. */
  private static List<String> merged(List<S3Object> contents, List<CommonPrefix> prefixes) {
    List<String> names = new ArrayList<>(contents.stream().map(S3Object::key).toList());
    prefixes.forEach(p -> names.add(p.prefix()));
    names.sort(Comparator.comparing(name -> name.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
    return names;
  }

  private List<String> keys(Consumer<ListObjectsV2Request.Builder> request) {
    return client.listObjectsV2Paginator(b -> request.accept(b.bucket(BUCKET))).contents().stream()
        .map(S3Object::key).toList();
  }

  private String put(String key, String body) {
    return client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(body)).eTag();
  }

  private String read(String key) {
    return client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** {@code pattern} repeated and cut to exactly {@code length} UTF-8 bytes (padded with 'z' at a cut character). */
  private static String fill(String pattern, int length) {
    StringBuilder text = new StringBuilder();
    int size = 0;
    for (int i = 0; size < length; i = (i + 1) % pattern.length()) {
      String next = String.valueOf(pattern.charAt(i));
      int nextSize = bytes(next);
      if (size + nextSize > length) {
        next = "z".repeat(length - size);
        nextSize = length - size;
      }
      text.append(next);
      size += nextSize;
    }
    return text.toString();
  }
}
