package fanfetch.coordinator;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A job's runs in order: one, or in {@code compare} mode a sequential run and then a parallel one.
 * Each run has a generation, so answers from an earlier run are told apart; the job's start and end
 * are kept here too. Plain class: the caller passes the time.
 */
final class RunSequence {

  private int generation;
  private boolean sequential;
  private Instant startedAt;
  private Instant finishedAt;
  private long endNanos = -1;
  private double sequentialMs;
  /** Compare mode: the finished sequential run's block (its figures and results), else null. */
  private JsonObject sequentialBlock;

  void started(Instant now, boolean sequentialFirst) {
    startedAt = now;
    sequential = sequentialFirst;
  }

  /** A run begins: returns its generation. */
  int begin() {
    return ++generation;
  }

  /** Compare mode's sequential run ended after {@code durationMs}; the parallel one follows. */
  void sequentialEnded(double durationMs, JsonObject block) {
    sequentialMs = durationMs;
    sequentialBlock = block;
    sequential = false;
  }

  void ended(long nanos, Instant now) {
    endNanos = nanos;
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

  /** The moment the current run's duration is measured to: its end once ended, else now. */
  long measuredTo(long nowNanos) {
    return endNanos >= 0 ? endNanos : nowNanos;
  }

  double sequentialMs() {
    return sequentialMs;
  }

  JsonObject sequentialBlock() {
    return sequentialBlock;
  }
}
