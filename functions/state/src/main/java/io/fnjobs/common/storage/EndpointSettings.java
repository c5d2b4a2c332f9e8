package io.fnjobs.common.storage;

import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import java.net.URI;
import java.util.Optional;

/**
 * Where an AWS-compatible service is and how to sign for it: an endpoint override (absent for AWS
 * itself), a region, and optional static credentials (absent: the SDK's default chain, e.g.
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or an instance role).
 *
 * <p>Read from settings named {@code FNJOBS_<SERVICE>_ENDPOINT}, {@code FNJOBS_<SERVICE>_REGION},
 * {@code FNJOBS_<SERVICE>_ACCESS_KEY} and {@code FNJOBS_<SERVICE>_SECRET_KEY}.
 */
public record EndpointSettings(
    Optional<URI> endpoint, String region, Optional<String> accessKey, Optional<String> secretKey) {

  public static EndpointSettings from(Settings settings, String service) {
    String prefix = "FNJOBS_" + service + "_";
    Optional<URI> endpoint = settings.find(prefix + "ENDPOINT").map(value -> uri(prefix + "ENDPOINT", value));
    Optional<String> accessKey = settings.find(prefix + "ACCESS_KEY");
    Optional<String> secretKey = settings.find(prefix + "SECRET_KEY");
    if (accessKey.isPresent() != secretKey.isPresent()) {
      String missing = accessKey.isPresent() ? prefix + "SECRET_KEY" : prefix + "ACCESS_KEY";
      throw new InvalidSettingException(missing, "", "to be set together with its pair, or neither");
    }
    return new EndpointSettings(endpoint, settings.get(prefix + "REGION", "us-east-1"), accessKey, secretKey);
  }

  public static EndpointSettings local(URI endpoint, String accessKey, String secretKey) {
    return new EndpointSettings(Optional.of(endpoint), "us-east-1", Optional.of(accessKey), Optional.of(secretKey));
  }

  private static URI uri(String key, String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(key, value, "a URL such as http://127.0.0.1:9000");
    }
  }
}
