package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.timer.CronSchedule;
import io.fnjobs.triggers.timer.TimerSource;
import io.fnjobs.triggers.timer.TimerSource.CatchUp;
import io.fnjobs.triggers.timer.TimerSource.Overlap;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeferralPolicyTest {

  private static final FunctionRef FUNCTION = new FunctionRef("fnjobs", "app", "thumbnail", "fn", Duration.ofSeconds(60));
  private final DeferralPolicy policy = DeferralPolicy.of(definition(DeliveryOptions.DEFAULTS), FUNCTION);

  @Test
  void of_shouldTakeTheBoundFromTheDefinition_andCapEachWaitAtTheFunctionsHold() {
    assertThat(policy).isEqualTo(new DeferralPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(95)));
    assertThat(DeferralPolicy.of(definition(new DeliveryOptions(5, Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 3)),
        FUNCTION).maxDeferrals()).isEqualTo(3);
  }

  @Test
  void allowsAnother_shouldAllowMaxDeferralsPerEvent_andNoneWhenTheBoundIsZero() {
    assertThat(policy.allowsAnother(0)).isTrue();
    assertThat(policy.allowsAnother(9)).isTrue();
    assertThat(policy.allowsAnother(10)).isFalse();
    assertThat(new DeferralPolicy(0, Duration.ZERO, Duration.ZERO).allowsAnother(0)).isFalse();
  }

  @Test
  void waitAfter_shouldStartAtTheFloor_andDoubleWithEachDeferral_untilTheRetryAfter() {
    RunRecord heldFor42Seconds = deferred("PT42.5S");

    assertThat(List.of(0, 1, 2, 3, 4, 5, 6).stream().map(made -> policy.waitAfter(heldFor42Seconds, made)))
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
            Duration.ofSeconds(16), Duration.ofSeconds(32), Duration.ofMillis(42_500));
  }

  @Test
  void waitAfter_shouldBeTheRetryAfter_atLeastTheFloor_andAtMostTheCap_onceTheWaitsHaveGrown() {
    int grown = 30;
    assertThat(policy.waitAfter(deferred("PT42.5S"), grown)).isEqualTo(Duration.ofMillis(42_500));
    assertThat(policy.waitAfter(deferred("PT0.2S"), grown)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.waitAfter(deferred("PT-3S"), grown)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.waitAfter(deferred("PT1H"), grown)).isEqualTo(Duration.ofSeconds(95));
  }

  @Test
  void waitAfter_shouldBeTheCap_whenTheFunctionGaveNoRetryAfterThatCanBeRead() {
    assertThat(policy.waitAfter(deferred(null), 30)).isEqualTo(Duration.ofSeconds(95));
    assertThat(policy.waitAfter(deferred("soon"), 30)).isEqualTo(Duration.ofSeconds(95));
    assertThat(policy.waitAfter(deferred(null), 0)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void cappedAt_shouldLowerTheCapOnly() {
    assertThat(policy.cappedAt(Duration.ofSeconds(30)).waitAfter(deferred("PT40S"), 30)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.cappedAt(Duration.ofMinutes(15))).isSameAs(policy);
  }

  @Test
  void waitAfter_shouldStayWithinTheFloorAndTheCap_whenCappedBelowTheFloor() {
    DeferralPolicy capped = policy.cappedAt(Duration.ofMillis(300));

    assertThat(capped.waitAfter(deferred("PT40S"), 3)).isEqualTo(Duration.ofMillis(300));
    assertThat(capped.waitAfter(deferred(null), 3)).as("no retry-after: the floor").isEqualTo(Duration.ofSeconds(1));
  }

  private static RunRecord deferred(String retryAfter) {
    return RunRecord.builder().trigger("t").function("thumbnail").event("e", "k").attempt(1)
        .between("2026-11-21T10:00:00Z", "2026-11-21T10:00:01Z").outcome(Outcome.deferred).fnCall(200, "call")
        .detail("held elsewhere").retryAfter(retryAfter).build();
  }

  private static TriggerDefinition definition(DeliveryOptions delivery) {
    return new TriggerDefinition(Path.of("t.yaml"), "t", "", "fnjobs", "thumbnail",
        new TimerSource(CronSchedule.parse("0 0 2 * * *", ZoneOffset.UTC), CatchUp.once, Duration.ofDays(1),
            Overlap.skip, Duration.ZERO), List.of(), delivery);
  }
}
