package io.fnjobs.triggers.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a function writes: a bucket and a key prefix ("" for the whole bucket). */
public record OutputLocation(String bucket, String prefix) {

  @JsonCreator
  static OutputLocation of(@JsonProperty("bucket") String bucket, @JsonProperty("prefix") String prefix) {
    return new OutputLocation(DefinitionProblem.required("bucket", bucket), prefix == null ? "" : prefix);
  }

  /** Whether some key could be both under this location and under {@code otherPrefix} in {@code otherBucket}. */
  public boolean overlaps(String otherBucket, String otherPrefix) {
    return bucket.equals(otherBucket) && (prefix.startsWith(otherPrefix) || otherPrefix.startsWith(prefix));
  }
}
