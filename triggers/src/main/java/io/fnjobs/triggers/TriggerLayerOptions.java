package io.fnjobs.triggers;

import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.triggers.runtime.InstanceId;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the trigger layer is configured with; immutable. {@link #fromEnvironment(Map)} reads the
 * production service's environment variables (listed in the README).
 */
public final class TriggerLayerOptions {

  private final Path triggersDir;
  private final URI fnApiUrl;
  private final String httpHost;
  private final int httpPort;
  private final Duration stopWait;
  private final Duration fnStartupWait;
  private final Duration healthGrace;
  private final EndpointSettings s3;
  private final EndpointSettings sqs;
  private final String stateBucket;
  private final String instanceId;
  private final String adminToken;
  private final boolean metrics;
  private final Map<String, String> environment;
  private final Map<String, String> typeSettings;

  private TriggerLayerOptions(Builder builder) {
    this.triggersDir = Objects.requireNonNull(builder.triggersDir, "triggersDir");
    this.fnApiUrl = checkUrl(Objects.requireNonNull(builder.fnApiUrl, "fnApiUrl"));
    if (builder.httpPort < 0 || builder.httpPort > 65535) {
      throw new InvalidSettingException("FNJOBS_HTTP_PORT", String.valueOf(builder.httpPort), "a port from 0 to 65535");
    }
    if (builder.stopWait.isNegative()) {
      throw new InvalidSettingException("FNJOBS_STOP_WAIT", builder.stopWait.toString(), "a duration of zero or more");
    }
    if (builder.healthGrace.isNegative()) {
      throw new InvalidSettingException("FNJOBS_HEALTH_GRACE", builder.healthGrace.toString(), "a duration of zero or more");
    }
    this.httpHost = builder.httpHost;
    this.httpPort = builder.httpPort;
    this.stopWait = builder.stopWait;
    this.fnStartupWait = builder.fnStartupWait;
    this.healthGrace = builder.healthGrace;
    this.s3 = Objects.requireNonNull(builder.s3, "s3");
    this.sqs = Objects.requireNonNull(builder.sqs, "sqs");
    this.stateBucket = builder.stateBucket;
    this.instanceId = builder.instanceId != null ? InstanceId.checked(builder.instanceId)
        : InstanceId.derive(builder.httpHost, builder.httpPort);
    this.adminToken = Objects.requireNonNull(builder.adminToken, "adminToken");
    this.metrics = builder.metrics;
    this.environment = Map.copyOf(builder.environment);
    this.typeSettings = Map.copyOf(builder.typeSettings);
    if (adminToken.isBlank() && !loopback(httpHost)) {
      throw new InvalidSettingException("FNJOBS_HTTP_HOST", httpHost, "a loopback address such as 127.0.0.1 while"
          + " FNJOBS_ADMIN_TOKEN is not set: set FNJOBS_ADMIN_TOKEN to listen on other addresses, since replays,"
          + " redrives, runs on demand, pause and resume would otherwise be open to anyone who reaches the port");
    }
  }

  /** Whether every address the host name stands for is a loopback address; an unknown name is not. */
  private static boolean loopback(String host) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      return Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options from environment variables, with the embedded stack's addresses as defaults. */
  public static TriggerLayerOptions fromEnvironment(Map<String, String> env) {
    Settings settings = Settings.of(env);
    return builder()
        .triggersDir(Path.of(settings.get("FNJOBS_TRIGGERS_DIR", "infra/triggers")))
        .fnApiUrl(url(settings.get("FNJOBS_FN_API_URL", "http://127.0.0.1:8080")))
        .httpHost(settings.get("FNJOBS_HTTP_HOST", "127.0.0.1"))
        .httpPort(settings.getInt("FNJOBS_HTTP_PORT", 8081))
        .stopWait(settings.getDuration("FNJOBS_STOP_WAIT", Duration.ofSeconds(30)))
        .fnStartupWait(settings.getDuration("FNJOBS_FN_STARTUP_WAIT", Duration.ofSeconds(60)))
        .healthGrace(settings.getDuration("FNJOBS_HEALTH_GRACE", Duration.ofMinutes(1)))
        .s3(EndpointSettings.from(settings, "S3"))
        .sqs(EndpointSettings.from(settings, "SQS"))
        .stateBucket(settings.get("FNJOBS_STATE_BUCKET", "state"))
        .instanceId(settings.find(InstanceId.SETTING).orElse(null))
        .adminToken(settings.get("FNJOBS_ADMIN_TOKEN", ""))
        .metrics(onOff("FNJOBS_METRICS", settings.get("FNJOBS_METRICS", "on")))
        .environment(env)
        .typeSettings(env)
        .build();
  }

  private static boolean onOff(String key, String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new InvalidSettingException(key, value, "on or off");
    };
  }

  private static URI url(String value) {
    try {
      return URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("FNJOBS_FN_API_URL", value, "a URL such as http://127.0.0.1:8080");
    }
  }

  private static URI checkUrl(URI url) {
    boolean http = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
    if (!http || url.getHost() == null) {
      throw new InvalidSettingException("FNJOBS_FN_API_URL", url.toString(), "an http(s) URL such as http://127.0.0.1:8080");
    }
    return url;
  }

  public Path triggersDir() {
    return triggersDir;
  }

  public URI fnApiUrl() {
    return fnApiUrl;
  }

  public String httpHost() {
    return httpHost;
  }

  /** The admin port; 0 picks a free one. */
  public int httpPort() {
    return httpPort;
  }

  /** How long a stop may take to finish or release the work in flight. */
  public Duration stopWait() {
    return stopWait;
  }

  /** How long start-up waits for the Fn API to answer before giving up. */
  public Duration fnStartupWait() {
    return fnStartupWait;
  }

  /**
   * How long a connected trigger's source may fail without a success before {@code /health} answers
   * 503; a blip shorter than this does not turn it.
   */
  public Duration healthGrace() {
    return healthGrace;
  }

  public EndpointSettings s3() {
    return s3;
  }

  public EndpointSettings sqs() {
    return sqs;
  }

  public String stateBucket() {
    return stateBucket;
  }

  /** This instance's name across restarts (see {@link InstanceId}). */
  public String instanceId() {
    return instanceId;
  }

  /**
   * The bearer token of the admin actions (replay, redrive, run now, pause, resume); empty leaves them
   * open, which only a loopback {@link #httpHost()} allows.
   */
  public String adminToken() {
    return adminToken;
  }

  /** Whether {@code GET /metrics} counts (on by default; {@code FNJOBS_METRICS=off} to measure its cost). */
  public boolean metrics() {
    return metrics;
  }

  /** The variables {@code ${VAR}} in trigger definitions resolve against. */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * The settings only one trigger type reads, by their variable names (the blob type's
   * {@code FNJOBS_WEBHOOK_TOKEN}, the queue type's {@code FNJOBS_ATTRIBUTE_KEY}): its module reads them
   * here, so a type's options live in its own package. From the environment, the whole of it.
   */
  public Settings typeSettings() {
    return Settings.of(typeSettings);
  }

  /** Builder with the defaults of the embedded stack. */
  public static final class Builder {
    private Path triggersDir = Path.of("infra/triggers");
    private URI fnApiUrl = URI.create("http://127.0.0.1:8080");
    private String httpHost = "127.0.0.1";
    private int httpPort = 8081;
    private Duration stopWait = Duration.ofSeconds(30);
    private Duration fnStartupWait = Duration.ofSeconds(60);
    private Duration healthGrace = Duration.ofMinutes(1);
    private EndpointSettings s3;
    private EndpointSettings sqs;
    private String stateBucket = "state";
    private String instanceId;
    private String adminToken = "";
    private boolean metrics = true;
    private Map<String, String> environment = Map.of();
    private final Map<String, String> typeSettings = new HashMap<>();

    private Builder() {}

    public Builder triggersDir(Path value) {
      this.triggersDir = value;
      return this;
    }

    public Builder fnApiUrl(URI value) {
      this.fnApiUrl = value;
      return this;
    }

    public Builder httpHost(String value) {
      this.httpHost = value;
      return this;
    }

    public Builder httpPort(int value) {
      this.httpPort = value;
      return this;
    }

    public Builder stopWait(Duration value) {
      this.stopWait = value;
      return this;
    }

    public Builder fnStartupWait(Duration value) {
      this.fnStartupWait = value;
      return this;
    }

    public Builder healthGrace(Duration value) {
      this.healthGrace = value;
      return this;
    }

    public Builder s3(EndpointSettings value) {
      this.s3 = value;
      return this;
    }

    public Builder sqs(EndpointSettings value) {
      this.sqs = value;
      return this;
    }

    public Builder stateBucket(String value) {
      this.stateBucket = value;
      return this;
    }

    /** Unset: derived from the host name, address and port (see {@link InstanceId#derive}). */
    public Builder instanceId(String value) {
      this.instanceId = value;
      return this;
    }

    public Builder adminToken(String value) {
      this.adminToken = value;
      return this;
    }

    public Builder metrics(boolean value) {
      this.metrics = value;
      return this;
    }

    public Builder environment(Map<String, String> value) {
      this.environment = value;
      return this;
    }

    /** Adds settings a trigger type reads (see {@link TriggerLayerOptions#typeSettings()}). */
    public Builder typeSettings(Map<String, String> values) {
      this.typeSettings.putAll(values);
      return this;
    }

    /** Sets one setting a trigger type reads, e.g. {@code BlobTriggerModule.WEBHOOK_TOKEN}. */
    public Builder typeSetting(String name, String value) {
      this.typeSettings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    public TriggerLayerOptions build() {
      return new TriggerLayerOptions(this);
    }
  }
}
