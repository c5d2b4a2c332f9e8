package io.fnjobs.localdev.s3;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How to run the embedded S3 server; {@link #builder()} starts from the embedded stack's defaults.
 *
 * @param host the address to listen on; {@code 127.0.0.1} by default
 * @param port the port to listen on; 9000 (MinIO's) by default, 0 for a free one
 * @param dataDir where the buckets live, one folder each; kept across restarts
 * @param accessKey the one access key the server accepts; {@code minioadmin} by default
 * @param secretKey its secret; {@code minioadmin} by default
 * @param notifications where committed changes are reported; {@link StoreEventSink#NONE} by default
 * @param clock stamps the changes' event times
 */
public record S3ServerOptions(
    String host, int port, Path dataDir, String accessKey, String secretKey, StoreEventSink notifications,
    Clock clock) {

  public S3ServerOptions {
    requireText(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535 (0 picks a free one), was " + port);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    requireText(accessKey, "accessKey");
    requireText(secretKey, "secretKey");
    Objects.requireNonNull(notifications, "notifications");
    Objects.requireNonNull(clock, "clock");
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with MinIO's defaults on loopback; only the data folder must be set. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 9000;
    private Path dataDir;
    private String accessKey = "minioadmin";
    private String secretKey = "minioadmin";
    private StoreEventSink notifications = StoreEventSink.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder dataDir(Path value) {
      this.dataDir = value;
      return this;
    }

    public Builder accessKey(String value) {
      this.accessKey = value;
      return this;
    }

    public Builder secretKey(String value) {
      this.secretKey = value;
      return this;
    }

    public Builder notifications(StoreEventSink value) {
      this.notifications = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public S3ServerOptions build() {
      return new S3ServerOptions(host, port, dataDir, accessKey, secretKey, notifications, clock);
    }
  }
}
