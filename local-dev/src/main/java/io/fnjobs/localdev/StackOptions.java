package io.fnjobs.localdev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the embedded stack runs; immutable. A port of 0 means "any free port", which the tests use; the
 * defaults are the ports of DESIGN.md.
 */
public final class StackOptions {

  private final Path repoDir;
  private final Path dataDir;
  private final String host;
  private final int s3Port;
  private final int sqsPort;
  private final int fnPort;
  private final int triggersPort;
  private final int smtpPort;
  private final int imapPort;
  private final boolean notifications;
  private final String webhookToken;
  private final String accessKey;
  private final String secretKey;
  private final Duration stopWait;
  private final Duration readyWait;
  private final Map<String, String> environment;
  private final URI fnApiUrl;
  private final String advertiseHost;

  private StackOptions(Builder b) {
    this.repoDir = Objects.requireNonNull(b.repoDir, "repoDir").toAbsolutePath().normalize();
    this.dataDir = Objects.requireNonNull(b.dataDir, "dataDir").toAbsolutePath().normalize();
    this.host = b.host;
    this.s3Port = b.s3Port;
    this.sqsPort = b.sqsPort;
    this.fnPort = b.fnPort;
    this.triggersPort = b.triggersPort;
    this.smtpPort = b.smtpPort;
    this.imapPort = b.imapPort;
    this.notifications = b.notifications;
    this.webhookToken = b.webhookToken;
    this.accessKey = b.accessKey;
    this.secretKey = b.secretKey;
    this.stopWait = b.stopWait;
    this.readyWait = b.readyWait;
    this.environment = Map.copyOf(b.environment);
    this.fnApiUrl = b.fnApiUrl == null ? null : checkFnApiUrl(b.fnApiUrl);
    this.advertiseHost = Objects.requireNonNull(b.advertiseHost, "advertiseHost");
    if (advertiseHost.isBlank() || advertiseHost.contains("/") || advertiseHost.contains(" ")) {
      throw new IllegalArgumentException("--advertise-host '" + advertiseHost
          + "' is not a host name or address such as 127.0.0.1 or host.docker.internal");
    }
  }

  private static URI checkFnApiUrl(URI url) {
    boolean http = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
    if (!http || url.getHost() == null) {
      throw new IllegalArgumentException(
          "--fn-api-url '" + url + "' is not an http(s) URL such as http://127.0.0.1:8080");
    }
    return url;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The same options with every port 0 replaced by a port that was free a moment ago. The probing
   * sockets stay open until all are chosen, so no two of the six get the same port.
   */
  StackOptions withFreePorts() {
    List<ServerSocket> probes = new ArrayList<>();
    try {
      return toBuilder()
          .s3Port(free(s3Port, probes))
          .sqsPort(free(sqsPort, probes))
          .fnPort(free(fnPort, probes))
          .triggersPort(free(triggersPort, probes))
          .smtpPort(free(smtpPort, probes))
          .imapPort(free(imapPort, probes))
          .build();
    } finally {
      probes.forEach(StackOptions::closeQuietly);
    }
  }

  private int free(int port, List<ServerSocket> probes) {
    if (port != 0) {
      return port;
    }
    try {
      ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host));
      probes.add(probe);
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + host, e);
    }
  }

  private static void closeQuietly(ServerSocket probe) {
    try {
      probe.close();
    } catch (IOException e) {
      // only a probe: the port is free again either way once this process lets go of it
    }
  }

  public Builder toBuilder() {
    return builder().repoDir(repoDir).dataDir(dataDir).host(host).s3Port(s3Port).sqsPort(sqsPort)
        .fnPort(fnPort).triggersPort(triggersPort).smtpPort(smtpPort).imapPort(imapPort)
        .notifications(notifications).webhookToken(webhookToken).credentials(accessKey, secretKey)
        .stopWait(stopWait).readyWait(readyWait).environment(environment).fnApiUrl(fnApiUrl)
        .advertiseHost(advertiseHost);
  }

  /** The checkout: functions/ and infra/ are read from here. */
  public Path repoDir() {
    return repoDir;
  }

  public Path dataDir() {
    return dataDir;
  }

  public String host() {
    return host;
  }

  public int s3Port() {
    return s3Port;
  }

  public int sqsPort() {
    return sqsPort;
  }

  public int fnPort() {
    return fnPort;
  }

  public int triggersPort() {
    return triggersPort;
  }

  public int smtpPort() {
    return smtpPort;
  }

  public int imapPort() {
    return imapPort;
  }

  /** Whether the store sends MinIO-format webhook events to the trigger layer. */
  public boolean notifications() {
    return notifications;
  }

  public String webhookToken() {
    return webhookToken;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** How long the trigger layer may take to finish or release its work when the stack stops. */
  public Duration stopWait() {
    return stopWait;
  }

  /** How long start-up waits for every trigger source to connect before giving up. */
  public Duration readyWait() {
    return readyWait;
  }

  /**
   * The variables the stack reads: {@code ${VAR}} in trigger definitions, and
   * {@code FNJOBS_FN_CONFIG_<KEY>}, which sets the function config {@code KEY} of every function. The
   * process's environment unless a test gives its own.
   */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * The Fn server the trigger layer invokes instead of the embedded function host, which is then not
   * started (the hybrid mode of {@code ./local-dev/up --fn-api-url}); empty for the embedded host.
   */
  public Optional<URI> fnApiUrl() {
    return Optional.ofNullable(fnApiUrl);
  }

  /**
   * The address functions on that Fn server use for the stack's store and mail server; default
   * {@code 127.0.0.1}, which their containers reach on the host network ({@code FN_DOCKER_NETWORKS=host}).
   */
  public String advertiseHost() {
    return advertiseHost;
  }

  /** Builder with the defaults of DESIGN.md. */
  public static final class Builder {
    private Path repoDir = Path.of(".");
    private Path dataDir = Path.of(".fnjobs-data");
    private String host = "127.0.0.1";
    private int s3Port = 9000;
    private int sqsPort = 9324;
    private int fnPort = 8080;
    private int triggersPort = 8081;
    private int smtpPort = 2525;
    private int imapPort = 3143;
    private boolean notifications = true;
    private String webhookToken = "fnjobs-local";
    private String accessKey = "minioadmin";
    private String secretKey = "minioadmin";
    private Duration stopWait = Duration.ofSeconds(10);
    private Duration readyWait = Duration.ofSeconds(60);
    private Map<String, String> environment = System.getenv();
    private URI fnApiUrl;
    private String advertiseHost = "127.0.0.1";

    private Builder() {}

    public Builder repoDir(Path value) {
      repoDir = value;
      return this;
    }

    public Builder dataDir(Path value) {
      dataDir = value;
      return this;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder s3Port(int value) {
      s3Port = value;
      return this;
    }

    public Builder sqsPort(int value) {
      sqsPort = value;
      return this;
    }

    public Builder fnPort(int value) {
      fnPort = value;
      return this;
    }

    public Builder triggersPort(int value) {
      triggersPort = value;
      return this;
    }

    public Builder smtpPort(int value) {
      smtpPort = value;
      return this;
    }

    public Builder imapPort(int value) {
      imapPort = value;
      return this;
    }

    /** All six ports at once; 0 picks free ports, as the tests do. */
    public Builder allPorts(int value) {
      return s3Port(value).sqsPort(value).fnPort(value).triggersPort(value).smtpPort(value).imapPort(value);
    }

    public Builder notifications(boolean value) {
      notifications = value;
      return this;
    }

    public Builder webhookToken(String value) {
      webhookToken = value;
      return this;
    }

    public Builder credentials(String access, String secret) {
      accessKey = access;
      secretKey = secret;
      return this;
    }

    public Builder stopWait(Duration value) {
      stopWait = value;
      return this;
    }

    public Builder readyWait(Duration value) {
      readyWait = value;
      return this;
    }

    public Builder environment(Map<String, String> value) {
      environment = value;
      return this;
    }

    /** The environment so far, with {@code values} set over it, e.g. {@code FNJOBS_SWEEP_INTERVAL=PT1S}. */
    public Builder withEnvironment(Map<String, String> values) {
      Map<String, String> merged = new java.util.HashMap<>(environment);
      merged.putAll(values);
      environment = merged;
      return this;
    }

    /** An Fn server to use instead of the embedded function host; null for the embedded host. */
    public Builder fnApiUrl(URI value) {
      fnApiUrl = value;
      return this;
    }

    public Builder advertiseHost(String value) {
      advertiseHost = value;
      return this;
    }

    /** @throws IllegalArgumentException naming the option, for an Fn API URL or host that cannot be one */
    public StackOptions build() {
      return new StackOptions(this);
    }
  }
}
