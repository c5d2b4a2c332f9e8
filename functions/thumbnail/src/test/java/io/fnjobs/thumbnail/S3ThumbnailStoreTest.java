package io.fnjobs.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.RequestTally;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.thumbnail.image.Thumbnail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The store's ordered writes against the real embedded S3 server, over loopback. */
class S3ThumbnailStoreTest {

  private static final Instant MODIFIED = Instant.parse("2026-11-21T09:30:00Z");
  private static final SourceVersion OLDER = new SourceVersion("e1", EventOrder.objectVersion(MODIFIED, "0A01"));
  private static final SourceVersion NEWER = new SourceVersion("e2", EventOrder.objectVersion(MODIFIED, "0A02"));

  @TempDir static Path data;

  private static EmbeddedS3 server;
  private static S3Client s3;
  private static S3ThumbnailStore store;

  @BeforeAll
  static void start() {
    server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data).build());
    server.createBuckets(List.of("thumbnails"));
    s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"));
    store = new S3ThumbnailStore(s3, "thumbnails");
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  @Test
  void put_shouldKeepTheNewerVersionsThumbnail_whenAnOlderVersionWritesAfterIt() {
    String key = "128/images/late older.jpg";
    assertThat(store.put(key, NEWER, thumbnail("newer"))).isTrue();

    boolean written = store.put(key, OLDER, thumbnail("older"));

    assertThat(written).isFalse();
    assertThat(stored(key)).isEqualTo("newer");
    assertThat(s3.headObject(r -> r.bucket("thumbnails").key(key)).metadata())
        .containsEntry("source-etag", "e2").containsEntry("source-sequencer", "0A02")
        .containsEntry("source-modified", MODIFIED.toString());
  }

  @Test
  void put_shouldReplaceTheThumbnail_whenANewerVersionOrTheSameVersionAgainWrites() {
    String key = "128/images/in order.jpg";
    store.put(key, OLDER, thumbnail("older"));

    assertThat(store.put(key, NEWER, thumbnail("newer"))).isTrue();
    assertThat(stored(key)).isEqualTo("newer");
    assertThat(store.put(key, NEWER, thumbnail("newer, retried"))).as("a retry of the same version").isTrue();
    assertThat(stored(key)).isEqualTo("newer, retried");
  }

  @Test
  void put_shouldReplaceTheThumbnail_whenTheStoredOneCarriesNoVersion() {
    String key = "128/images/from before.jpg";
    s3.putObject(r -> r.bucket("thumbnails").key(key), RequestBody.fromString("written before versions were kept"));

    assertThat(store.put(key, OLDER, thumbnail("older"))).isTrue();
    assertThat(stored(key)).isEqualTo("older");
  }

  @Test
  void put_shouldWriteWithOnePutAndNoRead_whenNoThumbnailIsStored() {
    RequestTally tally = new RequestTally();
    try (S3Client counted = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"),
        List.of(tally))) {
      String key = "128/images/new original.jpg";

      assertThat(new S3ThumbnailStore(counted, "thumbnails").put(key, OLDER, thumbnail("first"))).isTrue();

      assertThat(stored(key)).isEqualTo("first");
      assertThat(tally.snapshot()).containsEntry(RequestTally.Kind.PUT, 1L).containsEntry(RequestTally.Kind.HEAD, 0L)
          .containsEntry(RequestTally.Kind.GET, 0L);
    }
  }

  @Test
  void put_shouldKeepTheNewerVersionsThumbnail_whenItLandsBetweenTheOlderWritersReadAndWrite() {
    // the older writer has read the head (no thumbnail, then the older one) when the newer one lands:
    // its conditional PUT must lose, and the comparison it makes again must keep the newer thumbnail
    for (boolean thumbnailThereBefore : new boolean[] {false, true}) {
      String key = "128/images/raced " + thumbnailThereBefore + ".jpg";
      if (thumbnailThereBefore) {
        store.put(key, OLDER, thumbnail("older, first attempt"));
      }
      CueingS3 cueing = new CueingS3(s3);
      // with a thumbnail there, the older writer's create loses at once and its read comes before its second PUT
      cueing.beforePut(thumbnailThereBefore ? 2 : 1, () -> assertThat(store.put(key, NEWER, thumbnail("newer"))).isTrue());

      boolean written = new S3ThumbnailStore(cueing, "thumbnails").put(key, OLDER, thumbnail("older"));

      assertThat(cueing.cueRan()).isTrue();
      assertThat(written).as("older written over the newer, thumbnail there before: %s", thumbnailThereBefore)
          .isFalse();
      assertThat(stored(key)).isEqualTo("newer");
    }
  }

  private static Thumbnail thumbnail(String content) {
    return new Thumbnail(128, 128, 96, Thumbnail.JPEG, content.getBytes(StandardCharsets.UTF_8));
  }

  private static String stored(String key) {
    return s3.getObjectAsBytes(r -> r.bucket("thumbnails").key(key)).asUtf8String();
  }
}
