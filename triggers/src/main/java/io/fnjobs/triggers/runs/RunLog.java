package io.fnjobs.triggers.runs;

import java.util.List;

/** The run history of the trigger layer, shared by every instance. */
public interface RunLog {

  void record(RunRecord run);

  /** The most recent runs of a trigger, newest first. */
  List<RunRecord> recent(String trigger, int limit);
}
