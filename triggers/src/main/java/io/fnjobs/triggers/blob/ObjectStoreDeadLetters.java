package io.fnjobs.triggers.blob;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** {@link DeadLetters} in the state bucket, at {@link StateLayout#deadLetter}. */
public final class ObjectStoreDeadLetters implements DeadLetters {

  private final S3Client s3;
  private final String bucket;

  public ObjectStoreDeadLetters(S3Client s3, String stateBucket) {
    this.s3 = s3;
    this.bucket = stateBucket;
  }

  @Override
  public void put(DeadLetter letter) {
    String key = StateLayout.deadLetter(letter.trigger(), letter.id());
    s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(Json.write(letter)));
  }

  @Override
  public List<DeadLetter> list(String trigger, int limit) {
    String prefix = StateLayout.DEAD_LETTERS + trigger + "/";
    return s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(limit)).contents().stream()
        .map(object -> read(object.key()))
        .flatMap(Optional::stream)
        .toList();
  }

  @Override
  public Optional<DeadLetter> find(String trigger, String id) {
    return read(StateLayout.deadLetter(trigger, id));
  }

  private Optional<DeadLetter> read(String key) {
    try {
      byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
      return Optional.of(Json.read(bytes, DeadLetter.class, bucket + "/" + key));
    } catch (NoSuchKeyException replayedMeanwhile) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(String trigger, String id) {
    s3.deleteObject(r -> r.bucket(bucket).key(StateLayout.deadLetter(trigger, id)));
  }
}
