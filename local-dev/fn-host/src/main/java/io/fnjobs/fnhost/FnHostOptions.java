package io.fnjobs.fnhost;

import io.fnjobs.fnhost.container.FunctionContainers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the function host. Immutable; build with {@link #builder()}; every field has the
 * default of Fn server and the embedded stack.
 */
public final class FnHostOptions {

  /**
   * 6 MiB, the invoke body limit Fn's own test setup gives its servers ({@code
   * FN_MAX_REQUEST_SIZE=6291456}) and the size Oracle's hosted Fn accepts. A stock Fn server sets no
   * limit unless {@code FN_MAX_REQUEST_SIZE} is set: {@link Builder#maxRequestSize(long) 0} does the same.
   */
  public static final long DEFAULT_MAX_REQUEST_SIZE = 6L * 1024 * 1024;

  private final String host;
  private final int port;
  private final Path functionsDir;
  private final Optional<Path> dataDir;
  private final Map<String, String> configOverrides;
  private final int containersPerFunction;
  private final Duration busyWait;
  private final long maxRequestSize;
  private final Duration coldStartTimeout;

  private FnHostOptions(Builder builder) {
    this.host = builder.host;
    this.port = builder.port;
    this.functionsDir = builder.functionsDir;
    this.dataDir = builder.dataDir;
    this.configOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(builder.configOverrides));
    this.containersPerFunction = builder.containersPerFunction;
    this.busyWait = builder.busyWait;
    this.maxRequestSize = builder.maxRequestSize;
    this.coldStartTimeout = builder.coldStartTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The address to listen on; default {@code 127.0.0.1}. */
  public String host() {
    return host;
  }

  /** The port to listen on; default 8080, Fn server's; 0 picks a free port. */
  public int port() {
    return port;
  }

  /** The folder with app.yaml and one sub-folder per function; default {@code functions}. */
  public Path functionsDir() {
    return functionsDir;
  }

  /**
   * Where what the Fn API writes (apps and functions created, changed or deleted) is kept across
   * restarts, over the functions folder's definitions; none by default: writes last until the host stops.
   */
  public Optional<Path> dataDir() {
    return dataDir;
  }

  /**
   * Settings applied over the app's and the functions' config, e.g. endpoints on free ports; the API
   * shows them in the config it answers, and a value written through the API wins over them.
   */
  public Map<String, String> configOverrides() {
    return configOverrides;
  }

  /** How many calls of one function may run at once, each in its own hot container; default 4. */
  public int containersPerFunction() {
    return containersPerFunction;
  }

  /** How long a call waits for a free container before the host answers 503; default 1 s. */
  public Duration busyWait() {
    return busyWait;
  }

  /**
   * The largest invoke body in bytes; a larger one is answered 413 and the function is not started.
   * Default {@link #DEFAULT_MAX_REQUEST_SIZE}; 0 for no limit.
   */
  public long maxRequestSize() {
    return maxRequestSize;
  }

  /**
   * How long a new container may take to be ready for its first call (loading the FDK and the function
   * class with its static initialisers) before the host answers 504 "Container initialization timed
   * out"; default 5 s, Fn server's {@code FN_HOT_START_TIMEOUT_MSECS}. It is not part of the call's
   * timeout from func.yaml, which counts from when the container takes the call.
   */
  public Duration coldStartTimeout() {
    return coldStartTimeout;
  }

  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .functionsDir(functionsDir)
        .dataDir(dataDir.orElse(null))
        .configOverrides(configOverrides)
        .containersPerFunction(containersPerFunction)
        .busyWait(busyWait)
        .maxRequestSize(maxRequestSize)
        .coldStartTimeout(coldStartTimeout);
  }

  @Override
  public String toString() {
    return "FnHostOptions[host=" + host + ", port=" + port + ", functionsDir=" + functionsDir + ", dataDir="
        + dataDir.map(Path::toString).orElse("none")
        + ", configOverrides=" + configOverrides.keySet() + ", containersPerFunction=" + containersPerFunction
        + ", busyWait=" + busyWait + ", maxRequestSize=" + maxRequestSize + ", coldStartTimeout="
        + coldStartTimeout + "]";
  }

  /** Builds {@link FnHostOptions}; each setter checks its value and names the option when it is bad. */
  public static final class Builder {

    private String host = "127.0.0.1";
    private int port = 8080;
    private Path functionsDir = Path.of("functions");
    private Optional<Path> dataDir = Optional.empty();
    private final Map<String, String> configOverrides = new LinkedHashMap<>();
    // as many as a trigger's default source.concurrency (4), so that its consumers never meet a busy 503
    private int containersPerFunction = 4;
    private Duration busyWait = Duration.ofSeconds(1);
    private long maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
    private Duration coldStartTimeout = FunctionContainers.DEFAULT_COLD_START_TIMEOUT;

    private Builder() {}

    public Builder host(String value) {
      this.host = Objects.requireNonNull(value, "host");
      return this;
    }

    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be from 0 (a free port) to 65535, was " + value);
      }
      this.port = value;
      return this;
    }

    public Builder functionsDir(Path value) {
      this.functionsDir = Objects.requireNonNull(value, "functionsDir");
      return this;
    }

    /** The folder to keep the API's writes in; null for none. */
    public Builder dataDir(Path value) {
      this.dataDir = Optional.ofNullable(value);
      return this;
    }

    /** Replaces the overrides with {@code values}. */
    public Builder configOverrides(Map<String, String> values) {
      configOverrides.clear();
      values.forEach(this::configOverride);
      return this;
    }

    public Builder configOverride(String key, String value) {
      configOverrides.put(Objects.requireNonNull(key, "config key"), Objects.requireNonNull(value, key));
      return this;
    }

    public Builder containersPerFunction(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("containersPerFunction must be 1 or more, was " + value);
      }
      this.containersPerFunction = value;
      return this;
    }

    public Builder busyWait(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("busyWait must not be negative, was " + value);
      }
      this.busyWait = value;
      return this;
    }

    /** The largest invoke body in bytes, 0 for no limit; at most {@code Integer.MAX_VALUE - 8}. */
    public Builder maxRequestSize(long bytes) {
      if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "maxRequestSize must be from 0 (no limit) to " + (Integer.MAX_VALUE - 8) + " bytes, was " + bytes);
      }
      this.maxRequestSize = bytes;
      return this;
    }

    public Builder coldStartTimeout(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("coldStartTimeout must be positive, was " + value);
      }
      this.coldStartTimeout = value;
      return this;
    }

    public FnHostOptions build() {
      return new FnHostOptions(this);
    }
  }
}
