package io.fnjobs.triggers.blob;

import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.triggers.control.PauseSwitch;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.ConnectingListener;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.ListenerState;
import io.fnjobs.triggers.runtime.SourceStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Listens to changes of objects in one bucket and prefix: webhook events handed to it by
 * {@link BlobTriggerModule}, S3 event notifications from its {@code eventQueue}, and its own
 * reconciliation sweep every {@code sweepInterval}. Every change it watches goes to a bounded pool of
 * workers ({@code concurrency} threads), which deliver it through {@link BlobDelivery}.
 *
 * <p>At connect it takes up the changes an earlier start of the same instance ({@code FNJOBS_INSTANCE_ID})
 * claimed and did not finish, the process having stopped or died mid-way: they are delivered again at
 * once, not after their receipts' hold.
 *
 * <p>Its sources, for {@code /health}: the store as the sweep finds it, and the event queue as the
 * poller finds it. Webhooks come to it and have no connection of its own to lose.
 *
 * <p>While an operator has paused the trigger ({@link PauseSwitch}), nothing claims a receipt: the
 * workers hold what they were handed (webhook changes, replays, retries), and the sweep and the event
 * queue poller wait before handing over more. Invocations going on when the pause came finish.
 */
public final class BlobListener extends ConnectingListener {

  private static final Logger LOG = LoggerFactory.getLogger(BlobListener.class);
  /** Changes waiting for a worker; a webhook beyond this is answered 503 and sent again by the store. */
  static final int WAITING_CAPACITY = 10_000;
  private static final Duration QUEUE_WAIT = Duration.ofSeconds(10);
  private static final Duration PAUSED_LOOK = Duration.ofSeconds(1);

  /** What became of a change offered to the listener. */
  public enum Acceptance {
    /** Handed to the workers. */
    accepted,
    /** Not watched by this trigger: another bucket, prefix, suffix or kind of change. */
    ignored,
    /** The workers are full: offer it again later. */
    busy,
    /** Not connected yet, or stopping. */
    unavailable
  }

  private final S3Client s3;
  private final SqsClient sqs;
  private final BlobSource source;
  private final Invoker invoker;
  private final Receipts receipts;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final PauseSwitch pauses;
  private final SourceStatus sweptStore;
  private final SourceStatus eventQueue;
  private final Holder holder;
  private final Map<ObjectChange.Source, AtomicLong> received = new EnumMap<>(ObjectChange.Source.class);
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile String queueUrl;
  private volatile WorkQueue workers;
  private volatile ScheduledRetries retries;
  private volatile BlobDelivery delivery;
  private volatile Sweeper sweeper;
  private volatile QueuePoller poller;
  private volatile Thread sweepThread;
  private volatile Thread pollThread;
  private volatile Thread resumeThread;
  private volatile SweepReport lastSweep;

  /** A listener of an instance without a name of its own: nothing is resumed after a restart. */
  public BlobListener(TriggerDefinition definition, FunctionRef function, S3Client s3, SqsClient sqs, Invoker invoker,
      Receipts receipts, DeadLetters deadLetters, Clock clock) {
    this(definition, function, s3, sqs, invoker, receipts, deadLetters, clock,
        "triggers-" + UUID.randomUUID().toString().substring(0, 8), PauseSwitch.NEVER);
  }

  /**
   * {@code instance}: the instance's name across restarts (see {@link io.fnjobs.triggers.runtime.InstanceId});
   * {@code pauses}: whether an operator has paused the trigger.
   */
  public BlobListener(TriggerDefinition definition, FunctionRef function, S3Client s3, SqsClient sqs, Invoker invoker,
      Receipts receipts, DeadLetters deadLetters, Clock clock, String instance, PauseSwitch pauses) {
    super(definition, function, clock);
    this.holder = Holder.startOf(instance);
    this.pauses = pauses;
    this.s3 = s3;
    this.sqs = sqs;
    this.source = definition.source(BlobSource.class);
    this.sweptStore = source.sweepInterval().isZero() ? null
        : declareSource("S3 sweep of " + source.bucket() + "/" + source.prefix());
    this.eventQueue = source.eventQueueName().map(name -> declareSource("SQS queue " + name)).orElse(null);
    this.invoker = invoker;
    this.receipts = receipts;
    this.deadLetters = deadLetters;
    this.clock = clock;
    for (ObjectChange.Source kind : ObjectChange.Source.values()) {
      received.put(kind, new AtomicLong());
    }
  }

  @Override
  protected void connect() {
    s3.headBucket(request -> request.bucket(source.bucket()));
    source.eventQueueName().ifPresent(name -> queueUrl = sqs.getQueueUrl(request -> request.queueName(name)).queueUrl());
  }

  @Override
  protected void onConnected() {
    String name = definition.name();
    workers = new WorkQueue("blob-" + name, source.concurrency(), WAITING_CAPACITY, this::awaitResumed);
    retries = new ScheduledRetries("blob-retries-" + name);
    delivery = new BlobDelivery(definition, function, invoker, receipts, deadLetters, workers, retries, clock,
        holder.id());
    sweeper = new Sweeper(name, source, s3, receipts, this::acceptWaiting, clock, holder.id(), Sweeper.PAGE_SIZE);
    resumeThread = daemon("blob-resume-" + name, this::resumeUnfinished);
    if (!source.sweepInterval().isZero()) {
      sweepThread = daemon("blob-sweep-" + name, this::sweepEvery);
    }
    if (queueUrl != null) {
      poller = new QueuePoller(name, sqs, queueUrl, this::acceptWaiting, QUEUE_WAIT, eventQueue);
      pollThread = daemon("blob-queue-" + name, poller);
    }
  }

  private static Thread daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Delivers again what an earlier start of this instance claimed and did not finish. Should the store
   * not answer now, the sweep takes those up too, being this instance's, and otherwise their hold runs
   * out and any instance does.
   */
  private void resumeUnfinished() {
    try {
      List<ObjectChange> unfinished = receipts.unfinished(definition.name(), holder.id());
      for (ObjectChange change : unfinished) {
        acceptWaiting(change.from(ObjectChange.Source.resumed));
      }
      if (!unfinished.isEmpty()) {
        LOG.info("trigger={} function={} instance={} resumed {} changes an earlier start claimed and did not"
            + " finish: {}", definition.name(), function, holder.instance(), unfinished.size(),
            unfinished.stream().map(ObjectChange::eventId).limit(10).toList());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (stopping.getCount() > 0) {
        LOG.warn("trigger={} function={} instance={} cannot list the claims an earlier start left; the sweep takes them"
            + " up, else their hold runs out: {}", definition.name(), function, holder.instance(), e.toString());
      }
    }
  }

  /**
   * Offers a change without waiting, as the webhook receiver does: a change this trigger does not watch
   * is ignored; a full pool answers {@link Acceptance#busy}.
   */
  public Acceptance accept(ObjectChange change) {
    if (!source.concerns(change.blob().bucket(), change.blob().key(), change.blob().change())) {
      return Acceptance.ignored;
    }
    WorkQueue pool = workers;
    if (pool == null || state() != ListenerState.connected) {
      return Acceptance.unavailable;
    }
    if (!pool.offer(() -> delivery.deliver(change))) {
      return Acceptance.busy;
    }
    counted(change);
    return Acceptance.accepted;
  }

  /**
   * Offers a change, waiting for room in the pool, and while the trigger is paused: the sweep and the
   * queue poller do.
   *
   * @throws InterruptedException when the listener stops meanwhile
   */
  void acceptWaiting(ObjectChange change) throws InterruptedException {
    if (!source.concerns(change.blob().bucket(), change.blob().key(), change.blob().change())) {
      return;
    }
    if (!awaitResumed()) {
      throw new InterruptedException("trigger " + definition.name() + " stopped while paused");
    }
    if (workers.put(() -> delivery.deliver(change))) {
      counted(change);
    }
  }

  private void counted(ObjectChange change) {
    received.get(change.source()).incrementAndGet();
    invoker.metrics().received(definition.name(), change.source().name());
  }

  /**
   * Replays a dead letter of this trigger in the background.
   *
   * @return the dead letter, or empty when there is none with this id
   * @throws IllegalStateException when the listener is not connected or its workers are full
   */
  public Optional<DeadLetter> replay(String id) {
    WorkQueue pool = workers;
    if (pool == null || state() != ListenerState.connected) {
      throw new IllegalStateException("trigger " + definition.name() + " is not connected: see GET /triggers");
    }
    Optional<DeadLetter> letter = deadLetters.find(definition.name(), id);
    if (letter.isPresent() && !pool.offer(() -> delivery.replay(letter.get()))) {
      throw new IllegalStateException("trigger " + definition.name() + " has " + pool.pending()
          + " changes waiting: replay again in a moment");
    }
    letter.ifPresent(replayed -> invoker.metrics().received(definition.name(), ObjectChange.Source.replay.name()));
    return letter;
  }

  /** The dead letters of this trigger. */
  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /**
   * Sweeps the watched prefix once, now, on the caller's thread.
   *
   * @throws IllegalStateException when the listener is not connected
   */
  public SweepReport sweepNow() throws InterruptedException {
    Sweeper current = sweeper;
    if (current == null) {
      throw new IllegalStateException("trigger " + definition.name() + " is not connected: see GET /triggers");
    }
    SweepReport report = current.sweep();
    lastSweep = report;
    invoker.metrics().swept(definition.name(), report.listed(), report.dispatched());
    if (report.dispatched() > 0 || report.removals() > 0) {
      LOG.info("trigger={} function={} sweep of {}/{} found {} versions without a settled receipt among {} listed,"
          + " and {} removals no event brought", definition.name(), function, source.bucket(), source.prefix(),
          report.dispatched(), report.listed(), report.removals());
    } else {
      LOG.debug("trigger={} function={} sweep listed {} objects in {} ms", definition.name(), function,
          report.listed(), report.millis());
    }
    return report;
  }

  private void sweepEvery() {
    do {
      try {
        sweepNow();
        sweptStore.succeeded();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (stopping.getCount() == 0) {
          return; // interrupted by the stop
        }
        sweptStore.failed(e);
        LOG.warn("trigger={} function={} sweep of {}/{} failed, next in {}: {}", definition.name(), function,
            source.bucket(), source.prefix(), source.sweepInterval(), e.toString());
      }
    } while (!awaitStopping(source.sweepInterval()));
  }

  /**
   * The pause hook: waits while the trigger is paused, looking again every {@link #PAUSED_LOOK}.
   *
   * @return false when the listener stops while paused: what waited claimed no receipt, so the sweep
   *     takes it up later
   */
  private boolean awaitResumed() {
    while (pauses.isPaused(definition.name())) {
      if (awaitStopping(PAUSED_LOOK)) {
        return false;
      }
    }
    return true;
  }

  private boolean awaitStopping(Duration wait) {
    try {
      return stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  @Override
  protected void onStop(Duration wait) {
    stopping.countDown();
    if (poller != null) {
      poller.stop();
      pollThread.interrupt();
    }
    if (sweepThread != null) {
      sweepThread.interrupt();
    }
    if (resumeThread != null) {
      resumeThread.interrupt();
    }
    if (retries != null) {
      retries.close();
    }
    if (workers != null) {
      workers.shutdown(wait);
    }
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("bucket", source.bucket());
    details.put("prefix", source.prefix());
    details.put("suffixes", source.suffixes());
    details.put("events", source.events().stream().map(Change::name).sorted().toList());
    details.put("sweepInterval", source.sweepInterval().toString());
    source.eventQueueName().ifPresent(name -> details.put("eventQueue", name));
    details.put("concurrency", source.concurrency());
    details.put("holder", holder.id());
    Map<String, Long> counts = new LinkedHashMap<>();
    received.forEach((kind, count) -> counts.put(kind.name(), count.get()));
    details.put("received", counts);
    BlobDelivery current = delivery;
    if (current != null) {
      details.put("delivered", current.counts());
      details.put("waiting", workers.pending());
    }
    SweepReport sweep = lastSweep;
    if (sweep != null) {
      details.put("lastSweep", Map.of("startedAt", sweep.startedAt(), "listed", sweep.listed(),
          "dispatched", sweep.dispatched(), "removals", sweep.removals(), "versions", sweep.versions(),
          "millis", sweep.millis(), "objectsPerSecond", Math.round(sweep.objectsPerSecond())));
    }
    return details;
  }
}
