package io.fnjobs.triggers.timer;

import io.fnjobs.triggers.definition.TimerSource;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.ConnectingListener;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** Fires a function on a CRON schedule; its leases and slot records live in the state bucket. */
public final class TimerListener extends ConnectingListener {

  private final S3Client s3;
  private final String stateBucket;
  private final TimerSource source;
  private final Clock clock;

  public TimerListener(
      TriggerDefinition definition, FunctionRef function, S3Client s3, String stateBucket, Clock clock) {
    super(definition, function);
    this.s3 = s3;
    this.stateBucket = stateBucket;
    this.source = definition.source(TimerSource.class);
    this.clock = clock;
  }

  @Override
  protected void connect() {
    s3.headBucket(request -> request.bucket(stateBucket));
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("schedule", source.schedule().expression());
    details.put("timeZone", source.schedule().zone().getId());
    source.schedule().nextAfter(clock.instant()).ifPresent(next -> details.put("nextFireTime", next.toString()));
    return details;
  }
}
