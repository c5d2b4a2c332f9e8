package io.fnjobs.localdev.s3;

import static io.fnjobs.localdev.s3.S3TestSupport.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.localdev.s3.WebhookReceiver.Delivery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/** From an S3 request to the MinIO-format webhook a receiver gets, over real HTTP both ways. */
class NotificationsTest {

  @TempDir Path dataDir;

  private final WebhookReceiver receiver = new WebhookReceiver();

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void changes_shouldReachTheWebhookInMinioFormat_forPutMultipartCopyDeleteAndMultiDelete() throws Exception {
    String putEtag;
    try (MinioWebhookSender sender = new MinioWebhookSender(receiver.uri(), "hook-token");
        EmbeddedS3 s3 = S3TestSupport.start(dataDir, sender);
        S3Client client = S3TestSupport.client(s3.uri())) {
      putEtag = client.putObject(b -> b.bucket(BUCKET).key("images/cat photo+1.jpg").contentType("image/jpeg"),
          RequestBody.fromString("jpeg")).eTag();
      S3TestSupport.uploadInTwoParts(client, "big/ключ 100%.bin");
      client.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("images/cat photo+1.jpg")
          .destinationBucket(BUCKET).destinationKey("copies/cat.jpg"));
      client.deleteObject(b -> b.bucket(BUCKET).key("images/cat photo+1.jpg"));
      client.deleteObject(b -> b.bucket(BUCKET).key("never-existed"));
      client.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(
          ObjectIdentifier.builder().key("copies/cat.jpg").build(),
          ObjectIdentifier.builder().key("big/ключ 100%.bin").build())));

    }
    List<Delivery> deliveries = receiver.awaitAccepted(6);

    assertThat(deliveries).allSatisfy(d -> assertThat(d.authorization()).isEqualTo("Bearer hook-token"));
    assertThat(deliveries).extracting(d -> d.body().get("EventName").asText() + " " + d.body().get("Key").asText())
        .containsExactlyInAnyOrder(
            "s3:ObjectCreated:Put bucket/images/cat photo+1.jpg",
            "s3:ObjectCreated:CompleteMultipartUpload bucket/big/ключ 100%.bin",
            "s3:ObjectCreated:Copy bucket/copies/cat.jpg",
            "s3:ObjectRemoved:Delete bucket/images/cat photo+1.jpg",
            "s3:ObjectRemoved:Delete bucket/copies/cat.jpg",
            "s3:ObjectRemoved:Delete bucket/big/ключ 100%.bin");

    JsonNode put = record(deliveries, "s3:ObjectCreated:Put");
    assertThat(put.at("/s3/object/key").asText()).isEqualTo("images%2Fcat+photo%2B1.jpg");
    assertThat(put.at("/s3/object/eTag").asText()).isEqualTo(putEtag.replace("\"", ""));
    assertThat(put.at("/s3/object/size").asLong()).isEqualTo(4);
    assertThat(put.at("/s3/object/contentType").asText()).isEqualTo("image/jpeg");
    assertThat(put.at("/s3/bucket/name").asText()).isEqualTo(BUCKET);
    JsonNode multipart = record(deliveries, "s3:ObjectCreated:CompleteMultipartUpload");
    assertThat(multipart.at("/s3/object/key").asText()).isEqualTo("big%2F%D0%BA%D0%BB%D1%8E%D1%87+100%25.bin");
    assertThat(multipart.at("/s3/object/size").asLong()).isEqualTo(5 * 1024 * 1024 + 4);
    assertThat(multipart.at("/s3/object/eTag").asText()).endsWith("-2");
  }

  @Test
  void changes_shouldReachTheWebhookInTheOrderMade_whenOneKeyChangesRepeatedly() throws Exception {
    try (MinioWebhookSender sender = new MinioWebhookSender(receiver.uri(), "t");
        EmbeddedS3 s3 = S3TestSupport.start(dataDir, sender);
        S3Client client = S3TestSupport.client(s3.uri())) {
      for (int i = 0; i < 10; i++) {
        client.putObject(b -> b.bucket(BUCKET).key("flag.json"), RequestBody.fromString("v"));
        client.deleteObject(b -> b.bucket(BUCKET).key("flag.json"));
      }
    }
    // closing the sender has sent all it had queued
    List<Delivery> deliveries = receiver.awaitAccepted(20);

    // a put the client retried is two changes, so count removals and check that they alternate with creations
    List<String> kinds = deliveries.stream().map(d -> d.body().get("EventName").asText()).toList();
    assertThat(kinds).filteredOn(StoreEvent.DELETE::equals).hasSize(10);
    assertThat(kinds).last().isEqualTo(StoreEvent.DELETE);
    for (int i = 1; i < kinds.size(); i++) {
      assertThat(kinds.get(i).equals(StoreEvent.DELETE) && kinds.get(i - 1).equals(StoreEvent.DELETE))
          .as("two removals in a row at %d: %s", i, kinds).isFalse();
    }
    assertThat(deliveries).extracting(d -> d.body().at("/Records/0/s3/object/sequencer").asText()).isSorted();
  }

  @Test
  void changes_shouldSendNothing_whenNotificationsAreOff() throws Exception {
    try (MinioWebhookSender unused = new MinioWebhookSender(receiver.uri(), "t");
        EmbeddedS3 s3 = S3TestSupport.start(dataDir, StoreEventSink.NONE);
        S3Client client = S3TestSupport.client(s3.uri())) {
      client.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromString("v"));
      client.deleteObject(b -> b.bucket(BUCKET).key("k"));
    }

    assertThat(receiver.answered()).isEmpty();
  }

  private static JsonNode record(List<Delivery> deliveries, String eventName) {
    return deliveries.stream().filter(d -> d.body().get("EventName").asText().equals(eventName)).findFirst()
        .orElseThrow().body().at("/Records/0");
  }
}
