package io.fnjobs.common.store;

/** A document lost as many races in a row as its {@link RaceLimit} allows: something rewrites it in a loop. */
public final class LostRacesException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final int races;

  public LostRacesException(String what, String bucket, String key, int races) {
    super(what + " " + bucket + "/" + key + " lost " + races + " races in a row: is something rewriting it in a loop?");
    this.races = races;
  }

  public int races() {
    return races;
  }
}
