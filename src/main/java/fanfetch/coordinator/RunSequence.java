package fanfetch.coordinator;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A job's runs in order: one, or in {@code compare} mode a sequential run and then a parallel one.
 * Each run has a generation, so answers from an earlier run are told apart; the current {@link Run}
 * and the job's start and end are kept here too. Plain class: the caller passes the time.
 */
final class RunSequence {

  /** Makes run {@code number}, begun at {@code nanos}; {@code sequential}: one URL at a time. */
  interface RunFactory {
    Run create(int number, boolean sequential, long nanos);
  }

  private final RunFactory factory;
  private Run current;
  private int generation;
  private boolean sequential;
  private Instant startedAt;
  private Instant finishedAt;
  private long endNanos = -1;
  private double sequentialMs;
  /** Compare mode: the finished sequential run's block (its figures and results), else null. */
  private JsonObject sequentialBlock;

  RunSequence(RunFactory factory) {
    this.factory = factory;
  }

  /** The job starts at {@code now}: its first run begins at {@code nanos}. */
  void start(Instant now, boolean sequentialFirst, long nanos) {
    startedAt = now;
    sequential = sequentialFirst;
    begin(nanos);
  }

  /**
   * Goes on with runs another coordinator began at {@code startedAt}: in run {@code runNumber}
   * (compare mode's second one follows a sequential run that took {@code sequentialMs}), begun at
   * {@code runStartNanos}.
   */
  void resume(Instant startedAt, boolean sequentialFirst, int runNumber, double sequentialMs,
              JsonObject sequentialBlock, long runStartNanos) {
    this.startedAt = startedAt;
    sequential = sequentialFirst && runNumber == 1;
    if (runNumber == 2) {
      generation++;
      sequentialEnded(sequentialMs, sequentialBlock);
    }
    begin(runStartNanos);
  }

  private void begin(long nanos) {
    current = factory.create(++generation, sequential, nanos);
  }

  /**
   * The current run is over, ended at {@code runEndNanos}: if it was compare mode's sequential
   * run, the parallel one begins at {@code nanos}.
   *
   * @return false when there is no next run
   */
  boolean next(boolean compare, long runEndNanos, long nanos) {
    if (!sequential || !compare) {
      return false;
    }
    double durationMs = current.sinceStart(runEndNanos);
    sequentialEnded(durationMs, ReportBuilder.runBlock(current.totals().totals(), durationMs));
    begin(nanos);
    return true;
  }

  /** The run under way (or the last one, once the job ended); null before the job starts. */
  Run current() {
    return current;
  }

  /** How long the current run has taken, as of {@code nowNanos} (to its end once ended). */
  double durationMs(long nowNanos) {
    return current == null ? 0 : current.sinceStart(measuredTo(nowNanos));
  }

  /** Compare mode's sequential run ended after {@code durationMs}; the parallel one follows. */
  private void sequentialEnded(double durationMs, JsonObject block) {
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
