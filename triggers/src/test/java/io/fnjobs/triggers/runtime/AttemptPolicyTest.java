package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.failure.Failures;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.AttemptPolicy.Defer;
import io.fnjobs.triggers.runtime.AttemptPolicy.GiveUp;
import io.fnjobs.triggers.runtime.AttemptPolicy.Retry;
import io.fnjobs.triggers.runtime.AttemptPolicy.Settle;
import io.fnjobs.triggers.runtime.AttemptPolicy.Throttle;
import io.fnjobs.triggers.runtime.AttemptPolicy.Why;
import io.fnjobs.triggers.timer.CronSchedule;
import io.fnjobs.triggers.timer.TimerSource;
import io.fnjobs.triggers.timer.TimerSource.CatchUp;
import io.fnjobs.triggers.timer.TimerSource.Overlap;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every outcome of a run at the edges of the attempts, deferrals and busy answers: 3 attempts with
 * backoff 1 s doubling up to 3 s, 2 deferrals waiting 1 s doubling up to a cap of 60 s.
 */
class AttemptPolicyTest {

  private static final int LAST = 3;
  private static final FlagError CAUSE = Failures.of("function-error", "the order store is down");
  private final AttemptPolicy policy = new AttemptPolicy(
      new DeliveryOptions(LAST, Duration.ofSeconds(1), Duration.ofSeconds(3), 2.0, 2),
      new DeferralPolicy(2, DeferralPolicy.FLOOR, Duration.ofSeconds(60)));

  @ParameterizedTest
  @EnumSource(value = Outcome.class, names = {"succeeded", "rejected", "skipped"})
  void next_shouldSettleAsTheOutcome_atAnyAttempt_whenTheRunIsDoneWith(Outcome outcome) {
    for (int attempt : new int[] {1, LAST, LAST + 1}) {
      assertThat(policy.next(run(outcome, null), attempt, 2, 5)).isEqualTo(new Settle(outcome));
    }
  }

  @Test
  void next_shouldRetryAfterTheBackoffOfTheAttempt_whenAFailedAttemptIsNotTheLast() {
    assertThat(policy.next(run(Outcome.failed, null), 1, 0, 0)).isEqualTo(new Retry(Duration.ofSeconds(1), 1, LAST));
    assertThat(policy.next(run(Outcome.failed, null), 2, 0, 4)).isEqualTo(new Retry(Duration.ofSeconds(2), 2, LAST));
  }

  @Test
  void next_shouldGiveUpWithTheRunsCause_whenTheLastAttemptOrOneBeyondItFailed() {
    assertThat(policy.next(run(Outcome.failed, null), LAST, 0, 0)).isEqualTo(new GiveUp(Why.ATTEMPTS_USED_UP, CAUSE));
    assertThat(policy.next(run(Outcome.failed, null), LAST + 1, 0, 0))
        .isEqualTo(new GiveUp(Why.ATTEMPTS_USED_UP, CAUSE));
  }

  @Test
  void next_shouldGiveUpAtOnce_whenTheRunIsPoison_evenWithAttemptsLeft() {
    assertThat(policy.next(run(Outcome.poison, null), 1, 0, 0)).isEqualTo(new GiveUp(Why.POISON, CAUSE));
  }

  @Test
  void next_shouldThrottleWithoutSpendingAnAttempt_backingOffPerBusyAnswerInARow_evenAtTheLastAttempt() {
    assertThat(policy.next(run(Outcome.throttled, null), 1, 0, 0)).isEqualTo(new Throttle(Duration.ofSeconds(1), 1));
    assertThat(policy.next(run(Outcome.throttled, null), 1, 0, 1)).isEqualTo(new Throttle(Duration.ofSeconds(2), 2));
    assertThat(policy.next(run(Outcome.throttled, null), LAST, 2, 9)).isEqualTo(new Throttle(Duration.ofSeconds(3), 10));
  }

  @Test
  void next_shouldDeferAfterTheDeferralsWait_whileDeferralsAreLeft_evenAtTheLastAttempt() {
    assertThat(policy.next(run(Outcome.deferred, "PT30S"), 1, 0, 3)).isEqualTo(new Defer(Duration.ofSeconds(1)));
    assertThat(policy.next(run(Outcome.deferred, "PT30S"), LAST, 1, 0)).isEqualTo(new Defer(Duration.ofSeconds(2)));
    assertThat(policy.next(run(Outcome.deferred, "PT1.5S"), 1, 1, 0)).isEqualTo(new Defer(Duration.ofMillis(1500)));
  }

  @Test
  void next_shouldCountTheDeferralAsAFailedAttempt_whenTheEventsDeferralsAreUsedUp() {
    assertThat(policy.next(run(Outcome.deferred, "PT30S"), 1, 2, 0)).isEqualTo(new Retry(Duration.ofSeconds(1), 1, LAST));
    assertThat(policy.next(run(Outcome.deferred, "PT30S"), LAST, 2, 0))
        .isEqualTo(new GiveUp(Why.ATTEMPTS_USED_UP, CAUSE));
  }

  @Test
  void mayDefer_shouldAllowTheDeferralBound_andAllows_theAttemptBudget() {
    assertThat(policy.mayDefer(1)).isTrue();
    assertThat(policy.mayDefer(2)).isFalse();
    assertThat(policy.allows(LAST)).isTrue();
    assertThat(policy.allows(LAST + 1)).isFalse();
    assertThat(policy.maxAttempts()).isEqualTo(LAST);
    assertThat(policy.maxDeferrals()).isEqualTo(2);
  }

  @Test
  void of_shouldTakeTheDefinitionsDelivery_andCapADeferralsWaitAtTheFunctionsHold() {
    FunctionRef function = new FunctionRef("fnjobs", "app", "thumbnail", "fn", Duration.ofSeconds(60));
    AttemptPolicy defined = AttemptPolicy.of(definition(new DeliveryOptions(4, Duration.ofSeconds(5),
        Duration.ofMinutes(1), 3.0, 40)), function);

    assertThat(defined.next(run(Outcome.failed, null), 2, 0, 0)).isEqualTo(new Retry(Duration.ofSeconds(15), 2, 4));
    assertThat(defined.next(run(Outcome.deferred, "PT1H"), 1, 39, 0)).isEqualTo(new Defer(Invoker.hold(function)));
    assertThat(defined.mayDefer(39)).isTrue();
  }

  @Test
  void carryOut_shouldHandEachDecisionToItsOwnMethodOfTheSettlement() {
    AttemptPolicy.Settlement<String> named = new AttemptPolicy.Settlement<>() {
      @Override
      public String settle(Settle settle) {
        return "settle " + settle.outcome();
      }

      @Override
      public String retry(Retry retry) {
        return "retry " + retry.delay();
      }

      @Override
      public String defer(Defer defer) {
        return "defer " + defer.delay();
      }

      @Override
      public String throttle(Throttle throttle) {
        return "throttle " + throttle.inARow();
      }

      @Override
      public String giveUp(GiveUp giveUp) {
        return "give up " + giveUp.why();
      }
    };

    assertThat(List.of(new Settle(Outcome.skipped), new Retry(Duration.ofSeconds(1), 1, 3),
        new Defer(Duration.ofSeconds(2)), new Throttle(Duration.ZERO, 4), new GiveUp(Why.POISON, CAUSE))
        .stream().map(next -> next.carryOut(named)))
        .containsExactly("settle skipped", "retry PT1S", "defer PT2S", "throttle 4", "give up POISON");
  }

  private static RunRecord run(Outcome outcome, String retryAfter) {
    return RunRecord.builder().trigger("t").function("fn").event("e", "k").attempt(1)
        .between("2026-11-21T10:00:00Z", "2026-11-21T10:00:01Z").outcome(outcome).fnCall(200, "call")
        .detail("detail").retryAfter(retryAfter).error(CAUSE).build();
  }

  private static TriggerDefinition definition(DeliveryOptions delivery) {
    return new TriggerDefinition(Path.of("t.yaml"), "t", "", "fnjobs", "thumbnail",
        new TimerSource(CronSchedule.parse("0 0 2 * * *", ZoneOffset.UTC), CatchUp.once, Duration.ofDays(1),
            Overlap.skip, Duration.ZERO), List.of(), delivery);
  }
}
