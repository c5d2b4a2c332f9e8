package io.fnjobs.cleanup.progress;

/** How many objects a rule touched, and their bytes. */
public record Tally(long objects, long bytes) {

  public static final Tally NONE = new Tally(0, 0);

  public Tally plus(long moreObjects, long moreBytes) {
    return new Tally(objects + moreObjects, bytes + moreBytes);
  }
}
