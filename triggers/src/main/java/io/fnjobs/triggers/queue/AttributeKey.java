package io.fnjobs.triggers.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.Decision;
import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.VersionedDocuments;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * The key the trigger layer signs its message attributes with ({@link AttributeSeal}): the setting
 * {@code FNJOBS_ATTRIBUTE_KEY} when set (32 characters or more), else a random key generated once
 * and kept in the state bucket at {@link StateLayout#ATTRIBUTE_KEY}, created with
 * {@code If-None-Match: *} so that every instance sharing the bucket uses the one key the first of
 * them made. Whoever can read that object can forge attributes: where producers or functions may
 * read the state bucket, set the key instead.
 */
final class AttributeKey {

  static final String SETTING = "FNJOBS_ATTRIBUTE_KEY";
  static final int MIN_SETTING_LENGTH = 32;
  private static final int GENERATED_BYTES = 32;

  private AttributeKey() {}

  /** Checks a configured key: set or not, never echoing it. */
  static String checked(String configured) {
    if (!configured.isEmpty() && configured.length() < MIN_SETTING_LENGTH) {
      throw new InvalidSettingException(SETTING, "(hidden, " + configured.length() + " characters)",
          "a secret of at least " + MIN_SETTING_LENGTH + " characters, or unset for a key kept in the state bucket");
    }
    return configured;
  }

  /**
   * The key's bytes: the configured key's, or those kept in the store, created there if there are none.
   *
   * @throws RuntimeException when the store cannot be read or written
   */
  static byte[] load(String configured, ConditionalStore state, Clock clock) {
    if (!checked(configured).isEmpty()) {
      return configured.getBytes(StandardCharsets.UTF_8);
    }
    // a lost race is another instance creating the key first: the key it made is read and used
    return new VersionedDocuments<>(state, Stored.class, "the attribute key").update(StateLayout.ATTRIBUTE_KEY,
        kept -> kept.isPresent() ? Decision.leave(() -> decode(kept.get().value())) : Decision.write(generated(clock),
            written -> decode(written.value())), RaceLimit.SHARED);
  }

  private static Stored generated(Clock clock) {
    byte[] fresh = new byte[GENERATED_BYTES];
    new SecureRandom().nextBytes(fresh);
    return new Stored(Base64.getEncoder().encodeToString(fresh), clock.instant().toString());
  }

  private static byte[] decode(Stored stored) {
    byte[] key = stored.key() == null ? new byte[0] : Base64.getDecoder().decode(stored.key());
    if (key.length < GENERATED_BYTES) {
      throw new IllegalStateException("the attribute key at " + StateLayout.ATTRIBUTE_KEY + " in the state bucket is"
          + " not a key of " + GENERATED_BYTES + " bytes: delete it to have a new one made, or set " + SETTING);
    }
    return key;
  }

  /** The key as kept in the store: base64, and when it was made. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Stored(String key, String createdAt) {}
}
