package fanfetch.coordinator;

import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A job's runs and their clocks: one run, or in {@code compare} mode a sequential run and then a
 * parallel one. Each run has a generation, so answers from an earlier run are told apart, and a
 * start time that its results' {@code startMs} count from. Plain class: the caller passes the time.
 */
final class JobRuns {

  private int generation;
  private boolean sequential;
  private Instant startedAt;
  private Instant finishedAt;
  private long runStartNanos;
  private long runEndNanos = -1;
  private long sequentialNanos;
  /** Compare mode: the finished sequential run's block (its figures and results), else null. */
  private JsonObject sequentialBlock;

  void started(Instant now, boolean sequentialFirst) {
    startedAt = now;
    sequential = sequentialFirst;
  }

  /** A run begins now. */
  void begin(long nanos) {
    generation++;
    runStartNanos = nanos;
  }

  /** Compare mode's sequential run ended; the parallel one follows. */
  void sequentialEnded(long nanos, JsonObject block) {
    sequentialNanos = nanos - runStartNanos;
    sequentialBlock = block;
    sequential = false;
  }

  void ended(long nanos, Instant now) {
    runEndNanos = nanos;
    finishedAt = now;
  }

  int generation() {
    return generation;
  }

  boolean sequential() {
    return sequential;
  }

  /** The run a result belongs to, as compare mode labels it. */
  String label() {
    return sequential ? "sequential" : "parallel";
  }

  Instant startedAt() {
    return startedAt;
  }

  Instant finishedAt() {
    return finishedAt;
  }

  /** Milliseconds from the current run's start to {@code nanos}. */
  double sinceRunStart(long nanos) {
    return Results.millis(nanos - runStartNanos);
  }

  /** The current run's duration: to its end once ended, else to now. */
  double runDurationMs(long nowNanos) {
    return sinceRunStart(runEndNanos >= 0 ? runEndNanos : nowNanos);
  }

  double sequentialMs() {
    return Results.millis(sequentialNanos);
  }

  JsonObject sequentialBlock() {
    return sequentialBlock;
  }
}
