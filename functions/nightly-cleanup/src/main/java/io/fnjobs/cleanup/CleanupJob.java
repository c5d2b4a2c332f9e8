package io.fnjobs.cleanup;

import io.fnjobs.cleanup.progress.BatchSink;
import io.fnjobs.cleanup.progress.Checkpoint;
import io.fnjobs.cleanup.progress.CheckpointStore;
import io.fnjobs.cleanup.progress.CleanupReport;
import io.fnjobs.cleanup.progress.Op;
import io.fnjobs.cleanup.progress.Position;
import io.fnjobs.cleanup.progress.Problem;
import io.fnjobs.cleanup.progress.Progress;
import io.fnjobs.cleanup.progress.Rule;
import io.fnjobs.cleanup.rules.Phase;
import io.fnjobs.cleanup.rules.Phases;
import io.fnjobs.cleanup.rules.Scope;
import io.fnjobs.cleanup.storage.ChangeExecutor;
import io.fnjobs.cleanup.storage.Reads;
import io.fnjobs.common.job.JobKit;
import io.fnjobs.common.store.Versioned;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The nightly cleanup of one slot: retention rules and consistency repair (see {@link Phases} and the
 * phases' docs) as of the slot's time, walked page by page with flat memory, deleting in batches,
 * checkpointed after every batch so that a run that stopped (crash, kill, timeout) continues where it
 * was, and stopping cleanly when its time budget is used up. A plain class: a test or a benchmark can
 * {@code new} it up.
 */
public final class CleanupJob {

  private static final Logger LOG = LoggerFactory.getLogger(CleanupJob.class);
  private static final String DONE = "done";

  private final S3Client s3;
  private final CleanupSettings settings;
  private final Clock clock;
  private final CheckpointStore checkpoints;
  private final ChangeExecutor changes;
  private final Reads reads;

  /**
   * The cleanup on a function's kit: its client, its state store (checkpoints) and status flags
   * (repairs), on the one state bucket.
   */
  public CleanupJob(JobKit kit, CleanupSettings settings) {
    if (!kit.stateBucket().equals(settings.stateBucket())) {
      throw new IllegalArgumentException("the kit's state bucket " + kit.stateBucket()
          + " is not the cleanup's " + settings.stateBucket());
    }
    this.s3 = kit.s3();
    this.settings = settings;
    this.clock = kit.clock();
    // the requests a run sends at once (reads, deletes): daemon threads, as long-lived as the function
    ExecutorService requests = Executors.newFixedThreadPool(settings.readParallelism(), runnable -> {
      Thread thread = new Thread(runnable, "cleanup-requests");
      thread.setDaemon(true);
      return thread;
    });
    this.checkpoints = new CheckpointStore(kit.state());
    this.changes = new ChangeExecutor(s3, kit.flags(), settings.stateBucket(),
        settings.thumbnailTrigger(), clock, requests);
    this.reads = new Reads(s3, requests);
  }

  /** The cleanup on a client of its own, for tests and benchmarks: a kit on {@code s3}. */
  public CleanupJob(S3Client s3, CleanupSettings settings, Clock clock) {
    this(JobKit.on(s3, settings.stateBucket(), JobKit.DEFAULT_RETENTION, clock), settings);
  }

  /**
   * Runs (or continues) the cleanup of {@code slot}.
   *
   * @throws io.fnjobs.cleanup.progress.CheckpointTakenOverException when another attempt of the slot
   *     took the run over
   */
  public CleanupReport run(String slot) {
    Instant started = clock.instant();
    Optional<Versioned<Checkpoint>> stored = checkpoints.load(slot);
    Progress progress = stored.map(found -> Progress.resumed(found.value()))
        .orElseGet(() -> Progress.fresh(slot, asOf(slot, started), started, Position.start(Phases.FIRST)));
    Run run = new Run(slot, progress, stored.map(Versioned::etag).orElse(null), started);
    if (stored.isPresent()) {
      LOG.info("cleanup of {} continues from its checkpoint at {} (resume {})", slot, progress.position(),
          stored.get().value().resumes() + 1);
    }
    String stopped = run.walk(Phases.all(new Scope(s3, settings, progress.asOf(), reads)));
    CleanupReport report = progress.report(settings.dryRun(), stopped, clock.instant(), settings.describe());
    LOG.info("cleanup of {} {}: {} objects removed, {} bytes freed, {} repaired, {} problems", slot,
        stopped == null ? "complete" : "stopped (" + stopped + ")", report.objectsRemoved(), report.bytesFreed(),
        report.counts().get(Rule.repairedOriginals).objects(), report.problemCount());
    return report;
  }

  /**
   * What is expired is decided as of the slot, not of when the function happened to start (a cold start,
   * a retry, a late catch-up run): the same for every attempt. Never later than now.
   */
  private static Instant asOf(String slot, Instant now) {
    try {
      Instant at = Instant.parse(slot);
      return at.isAfter(now) ? now : at;
    } catch (DateTimeParseException notAnInstant) {
      return now;
    }
  }

  /** Removes the checkpoint of a slot whose run is over and recorded. */
  public void forget(String slot) {
    checkpoints.delete(slot);
  }

  /** One attempt at the slot: carries the progress through the phases and checkpoints it. */
  private final class Run implements BatchSink {
    private final String slot;
    private final Progress progress;
    private final Instant deadline;
    private String etag;

    Run(String slot, Progress progress, String etag, Instant started) {
      this.slot = slot;
      this.progress = progress;
      this.etag = etag;
      this.deadline = started.plus(settings.timeBudget());
    }

    /** Walks the phases from the position; returns why it stopped early, or null when all are through. */
    String walk(List<Phase> phases) {
      if (!progress.pending().isEmpty()) {
        LOG.info("cleanup of {} redoes the {} changes of its interrupted batch", slot, progress.pending().size());
        finish(progress.pending());
      }
      boolean reached = false;
      for (Phase phase : phases) {
        boolean current = phase.name().equals(progress.position().phase());
        if (!reached && !current) {
          continue;
        }
        Position from = current && !reached ? progress.position() : Position.start(phase.name());
        reached = true;
        if (!phase.walk(from, this)) {
          save();
          return "time budget " + settings.timeBudget() + " used up in phase " + phase.name()
              + ": the rest waits for the next run (CLEANUP_TIME_BUDGET)";
        }
      }
      progress.moveTo(Position.start(DONE));
      save();
      return null;
    }

    @Override
    public boolean submit(List<Op> ops, Position after) {
      progress.begin(ops, after);
      save();
      finish(ops);
      return clock.instant().isBefore(deadline);
    }

    private void finish(List<Op> ops) {
      Set<Op> failed = settings.dryRun() || ops.isEmpty() ? Set.of() : changes.execute(ops, this::problem);
      progress.done(failed);
    }

    @Override
    public void problem(Problem problem) {
      LOG.warn("cleanup of {}: {} {}: {}", slot, problem.rule(), problem.object(), problem.message());
      progress.problem(problem);
    }

    private void save() {
      etag = checkpoints.save(progress.checkpoint(), etag).etag();
    }
  }
}
