package io.fnjobs.triggers.runtime;

import io.fnjobs.common.config.InvalidSettingException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The name an instance of the trigger layer keeps across restarts ({@code FNJOBS_INSTANCE_ID}), so that a
 * restarted instance finds the work it had claimed and not finished. It must differ between instances
 * that run at the same time: two live instances of one name would each take the other's claims for its
 * own unfinished ones.
 *
 * <p>By default it is derived from the host name, the address and the port the instance serves on:
 * two instances on one host cannot serve on the same address and port, and a restart with the same
 * settings gets the same name. An instance on port 0 (a free port picked at each start) has no stable
 * default and gets a random name: its unfinished claims wait for their hold to run out, as before.
 */
public final class InstanceId {

  public static final String SETTING = "FNJOBS_INSTANCE_ID";
  private static final int MAX_LENGTH = 100;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

  private InstanceId() {}

  /**
   * Checks a name given in {@code FNJOBS_INSTANCE_ID}; it goes into object keys, so it is kept to a safe
   * alphabet.
   *
   * @throws InvalidSettingException naming the setting and the value
   */
  public static String checked(String value) {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new InvalidSettingException(SETTING, String.valueOf(value), "a name of letters, digits, '.', '_' and '-',"
          + " starting with a letter or digit, up to " + MAX_LENGTH + " characters, unique per running instance");
    }
    return value;
  }

  /** {@code <host name>-<address>-<port>}, or {@code <host name>-<random>} for port 0. */
  public static String derive(String httpHost, int httpPort) {
    String name = httpPort == 0 ? hostName() + "-" + random()
        : hostName() + "-" + httpHost + "-" + httpPort;
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "-");
    // the end tells instances on one host apart: keep it when the host name is long
    String kept = safe.length() > MAX_LENGTH ? safe.substring(safe.length() - MAX_LENGTH) : safe;
    return checked(kept.replaceAll("^[^A-Za-z0-9]+", ""));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static String random() {
    byte[] bytes = new byte[4];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
