package io.fnjobs.triggers.queue;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.store.ConditionalStore;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Makes the queue trigger's own message attributes ({@code fnjobs-*}: a message's attempts before,
 * deferrals, first id, dead-lettering) unforgeable. A message the trigger layer sends carries
 * {@value #SIGNATURE}: an HMAC-SHA256, under a key only the trigger layer holds ({@link AttributeKey}),
 * of the message's identity (its body's SHA-256) and of every {@code fnjobs-*} attribute's name, type
 * and value. A received message whose {@code fnjobs-*} attributes are not so signed (a producer set
 * them, or they were copied onto another body) is read as if it had none of them, and a warning names
 * the queue and the message: a new order sent with {@code fnjobs-attempts-before=99} runs at attempt 1.
 * The message's other attributes are not the trigger layer's and pass as they are.
 *
 * <p>The key is loaded on first use, so that a trigger that cannot reach the state bucket yet fails
 * where it connects and retries there ({@link #ready()}).
 */
final class AttributeSeal {

  static final String PREFIX = "fnjobs-";
  static final String SIGNATURE = PREFIX + "signature";
  private static final Logger LOG = LoggerFactory.getLogger(AttributeSeal.class);
  private static final String ALGORITHM = "HmacSHA256";
  private static final String VERSION = "fnjobs-attributes/1";

  private final Supplier<byte[]> source;
  private volatile SecretKeySpec key;

  AttributeSeal(Supplier<byte[]> source) {
    this.source = source;
  }

  /**
   * A seal with the configured key ({@code FNJOBS_ATTRIBUTE_KEY}, empty for none), else the one kept in
   * the state bucket {@code state}, loaded on first use.
   *
   * @throws io.fnjobs.common.config.InvalidSettingException when the configured key is too short
   */
  static AttributeSeal of(String configured, ConditionalStore state, Clock clock) {
    String checked = AttributeKey.checked(configured);
    return new AttributeSeal(() -> AttributeKey.load(checked, state, clock));
  }

  /**
   * Loads the key now, if not loaded yet.
   *
   * @throws RuntimeException when it cannot be loaded
   */
  void ready() {
    key();
  }

  /** {@code attributes} with the signature of the {@code fnjobs-*} ones over {@code body}, replacing any given. */
  Map<String, MessageAttributeValue> signed(String body, Map<String, MessageAttributeValue> attributes) {
    Map<String, MessageAttributeValue> signed = new LinkedHashMap<>(attributes);
    signed.remove(SIGNATURE);
    signed.put(SIGNATURE, MessageAttributeValue.builder().dataType("String")
        .stringValue(signature(body, signed)).build());
    return signed;
  }

  /**
   * The message as the trigger can trust it: as it is when its {@code fnjobs-*} attributes are signed
   * (or it has none), else without any of them.
   */
  Message trusted(String trigger, String queue, Message message) {
    List<String> ours = message.messageAttributes().keySet().stream()
        .filter(name -> name.startsWith(PREFIX) && !name.equals(SIGNATURE)).sorted().toList();
    if (ours.isEmpty()) {
      return message;
    }
    MessageAttributeValue given = message.messageAttributes().get(SIGNATURE);
    String expected = signature(message.body(), message.messageAttributes());
    if (given != null && given.stringValue() != null && MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), given.stringValue().getBytes(StandardCharsets.US_ASCII))) {
      return message;
    }
    LOG.warn("trigger={} queue={} event={} carries {} attributes the trigger layer did not sign ({}): read as if"
        + " absent; only the trigger layer sets them (or they were signed with another {})", trigger, queue,
        message.messageId(), PREFIX + "*", String.join(", ", ours), AttributeKey.SETTING);
    Map<String, MessageAttributeValue> own = new LinkedHashMap<>();
    message.messageAttributes().forEach((name, value) -> {
      if (!name.startsWith(PREFIX)) {
        own.put(name, value);
      }
    });
    return message.toBuilder().messageAttributes(own).build();
  }

  private String signature(String body, Map<String, MessageAttributeValue> attributes) {
    StringBuilder canonical = new StringBuilder(VERSION).append('\n').append(Json.sha256(body)).append('\n');
    Map<String, MessageAttributeValue> sorted = new TreeMap<>();
    attributes.forEach((name, value) -> {
      if (name.startsWith(PREFIX) && !name.equals(SIGNATURE)) {
        sorted.put(name, value);
      }
    });
    sorted.forEach((name, value) -> canonical.append(field(name)).append(field(value.dataType()))
        .append(field(value.stringValue())).append('\n'));
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key());
      return Base64.getEncoder().encodeToString(mac.doFinal(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has " + ALGORITHM, e);
    }
  }

  /** Length-prefixed, so that no value can pass for two. */
  private static String field(String value) {
    String text = value == null ? "" : value;
    return text.length() + ":" + text;
  }

  private SecretKeySpec key() {
    SecretKeySpec loaded = key;
    if (loaded == null) {
      synchronized (this) {
        if (key == null) {
          key = new SecretKeySpec(source.get(), ALGORITHM);
        }
        loaded = key;
      }
    }
    return loaded;
  }
}
