package io.fnjobs.cleanup.progress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The running tally of one slot's run, as the checkpoint keeps it: counts per rule, problems and
 * repaired originals (the first {@link #LISTED} of each listed, all counted), the position, and the
 * batch in flight. Memory stays flat however many objects the run goes through.
 */
public final class Progress {

  /** How many problems and repaired originals a report lists by name. */
  public static final int LISTED = 100;

  private final String slot;
  private final Instant asOf;
  private final String startedAt;
  private final int resumes;
  private final Map<Rule, Tally> counts = new EnumMap<>(Rule.class);
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> repaired = new ArrayList<>();
  private long problemCount;
  private Position position;
  private List<Op> pending = List.of();

  private Progress(String slot, Instant asOf, String startedAt, int resumes, Position position) {
    this.slot = slot;
    this.asOf = asOf;
    this.startedAt = startedAt;
    this.resumes = resumes;
    this.position = position;
  }

  /** A run from the start at {@code started}, deciding what is expired as of {@code asOf}. */
  public static Progress fresh(String slot, Instant asOf, Instant started, Position start) {
    return new Progress(slot, asOf, started.toString(), 0, start);
  }

  /** The run a checkpoint left, continued. */
  public static Progress resumed(Checkpoint checkpoint) {
    Progress progress = new Progress(checkpoint.slot(), Instant.parse(checkpoint.asOf()), checkpoint.startedAt(),
        checkpoint.resumes() + 1, checkpoint.position());
    if (checkpoint.counts() != null) {
      progress.counts.putAll(checkpoint.counts());
    }
    if (checkpoint.problems() != null) {
      progress.problems.addAll(checkpoint.problems());
    }
    if (checkpoint.repaired() != null) {
      progress.repaired.addAll(checkpoint.repaired());
    }
    progress.problemCount = checkpoint.problemCount();
    progress.pending = checkpoint.pending() == null ? List.of() : List.copyOf(checkpoint.pending());
    return progress;
  }

  public Instant asOf() {
    return asOf;
  }

  public Position position() {
    return position;
  }

  public List<Op> pending() {
    return pending;
  }

  /** The next batch: changes decided up to {@code after}, not done yet. */
  public void begin(List<Op> batch, Position after) {
    pending = List.copyOf(batch);
    position = after;
  }

  /** The batch in flight is done, except the changes that failed (already reported as problems). */
  public void done(Set<Op> failed) {
    for (Op op : pending) {
      if (!failed.contains(op)) {
        count(op);
      }
    }
    pending = List.of();
  }

  public void moveTo(Position next) {
    position = next;
  }

  private void count(Op op) {
    counts.merge(op.rule(), Tally.NONE.plus(1, op.bytes()), (a, b) -> a.plus(b.objects(), b.bytes()));
    if (op.rule() == Rule.repairedOriginals && repaired.size() < LISTED) {
      repaired.add(op.bucket() + "/" + op.key());
    }
  }

  public void problem(Problem problem) {
    problemCount++;
    if (problems.size() < LISTED) {
      problems.add(problem);
    }
  }

  public Checkpoint checkpoint() {
    return new Checkpoint(slot, asOf.toString(), startedAt, resumes, position, new EnumMap<>(counts),
        List.copyOf(problems), problemCount, List.copyOf(repaired), pending);
  }

  /** The report of the run as it stands, ended at {@code end}. */
  public CleanupReport report(boolean dryRun, String stoppedBecause, Instant end, Map<String, String> settings) {
    Map<Rule, Tally> all = new EnumMap<>(Rule.class);
    for (Rule rule : Rule.values()) {
      all.put(rule, counts.getOrDefault(rule, Tally.NONE));
    }
    long removed = all.entrySet().stream().filter(e -> e.getKey().deletes()).mapToLong(e -> e.getValue().objects()).sum();
    long freed = all.entrySet().stream().filter(e -> e.getKey().deletes()).mapToLong(e -> e.getValue().bytes()).sum();
    Instant started = Instant.parse(startedAt);
    return new CleanupReport(slot, dryRun, stoppedBecause == null, stoppedBecause, asOf.toString(), startedAt,
        end.toString(), end.toEpochMilli() - started.toEpochMilli(), resumes, all, removed, freed,
        List.copyOf(repaired), List.copyOf(problems), problemCount, settings);
  }
}
