package io.fnjobs.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that spends most of its time waiting on the clock (a hold to expire after a kill, a
 * backoff, timer slots) and asserts no upper bound on how long anything takes: surefire runs these
 * classes two at a time, beside each other (see this module's pom), while every other class runs alone,
 * so that a neighbour's load cannot fail a test that measures time.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(MostlyWaits.TAG)
@interface MostlyWaits {
  String TAG = "mostly-waits";
}
