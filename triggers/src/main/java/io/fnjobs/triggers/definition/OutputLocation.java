package io.fnjobs.triggers.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a function writes: a bucket and a key prefix ("" for the whole bucket). */
public record OutputLocation(String bucket, String prefix) {

  @JsonCreator
  static OutputLocation of(@JsonProperty("bucket") String bucket, @JsonProperty("prefix") String prefix) {
    return new OutputLocation(DefinitionProblem.required("bucket", bucket), prefix == null ? "" : prefix);
  }

  /** Whether some key could be both under this location and watched by {@code source}. */
  public boolean overlaps(BlobSource source) {
    return bucket.equals(source.bucket())
        && (prefix.startsWith(source.prefix()) || source.prefix().startsWith(prefix));
  }
}
