package fanfetch.coordinator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The life of every URL of one run, as one state machine held in one table (a few bytes a URL).
 *
 * <pre>
 *              send                     result (or given up: no fetcher answered)
 *   WAITING ─────────► IN_FLIGHT ───────────────────────────────────────────► DONE
 *     ▲  ▲                │  │  │
 *     │  └── resend ──────┘  │  └── retriable failure ──► BACKING_OFF ──┐
 *     │     (fetcher gone,   │                                           │ wake
 *     │      node not ready) └── out of file descriptors ► WAITING_FILES ┤
 *     └──────────────────────────────────────────────────────────────────┘
 *   any state but DONE ── cancel, deadline ──► DONE
 * </pre>
 *
 * Each transition checks the state it leaves, so a stray event (a late result, a timer of a
 * finished run) cannot move a URL twice. {@link #count(UrlState)} keeps a count per state, so
 * "in flight" is counted here and nowhere else. Attempts count sends that reached a fetcher; the
 * token numbers the sends, so only the answer to a URL's latest send counts. Plain class: no
 * Vert.x, no clock (the caller passes nanoseconds).
 */
final class UrlTable {

  /** Where a URL is in its life (see the class comment). */
  enum UrlState {
    WAITING, IN_FLIGHT, BACKING_OFF, WAITING_FILES, DONE
  }

  private static final UrlState[] STATES = UrlState.values();

  private final byte[] state;
  private final int[] attempts;
  private final int[] token;
  private final int[] resends;
  private final int[] fileWaits;
  private final long[] sentAt;
  /** Earlier attempts of retried URLs only: {attempt, status or error, durationMs}. */
  private final Map<Integer, JsonArray> history = new HashMap<>();
  private final int[] counts = new int[STATES.length];

  UrlTable(int size) {
    state = new byte[size];
    attempts = new int[size];
    token = new int[size];
    resends = new int[size];
    fileWaits = new int[size];
    sentAt = new long[size];
    counts[UrlState.WAITING.ordinal()] = size;
  }

  int size() {
    return state.length;
  }

  UrlState state(int index) {
    return STATES[state[index]];
  }

  /** URLs waiting to be sent: not in flight, no result yet. */
  long waiting() {
    return size() - count(UrlState.DONE) - count(UrlState.IN_FLIGHT);
  }

  int count(UrlState s) {
    return counts[s.ordinal()];
  }

  int attempts(int index) {
    return attempts[index];
  }

  int token(int index) {
    return token[index];
  }

  /** How often this URL was sent again because its fetcher did not answer (retries not counted). */
  int resends(int index) {
    return resends[index];
  }

  int fileWaits(int index) {
    return fileWaits[index];
  }

  /** When the latest send went out (nanoseconds), 0 if never. */
  long sentAt(int index) {
    return sentAt[index];
  }

  /** The URL's earlier attempts, or null if it was not retried. */
  JsonArray history(int index) {
    return history.get(index);
  }

  /** The coordinator's retries so far (a fetcher's own re-sends on a new connection are not retries). */
  int retriesUsed(int index) {
    JsonArray h = history.get(index);
    if (h == null) {
      return 0;
    }
    int retries = 0;
    for (int i = 0; i < h.size(); i++) {
      if (!h.getJsonObject(i).getBoolean("resent", false)) {
        retries++;
      }
    }
    return retries;
  }

  /** WAITING → IN_FLIGHT: one more attempt. Returns the send's token. */
  int send(int index, long nanos) {
    move(index, UrlState.WAITING, UrlState.IN_FLIGHT);
    attempts[index]++;
    sentAt[index] = nanos;
    return ++token[index];
  }

  /** IN_FLIGHT → WAITING: its fetcher vanished; the send counts as an attempt. */
  void resend(int index) {
    move(index, UrlState.IN_FLIGHT, UrlState.WAITING);
    resends[index]++;
  }

  /** IN_FLIGHT → WAITING: the send never reached a fetcher (none deployed there yet); not an attempt. */
  void resendUncounted(int index) {
    move(index, UrlState.IN_FLIGHT, UrlState.WAITING);
    attempts[index]--;
  }

  /** IN_FLIGHT → BACKING_OFF: a retriable failure, filed in the URL's history. */
  void backOff(int index, JsonObject failedAttempt) {
    backOff(index, failedAttempt, null);
  }

  /** The same, after the fetcher's own entries for that attempt (connections it gave up; null: none). */
  void backOff(int index, JsonObject failedAttempt, JsonArray fetcherEntries) {
    move(index, UrlState.IN_FLIGHT, UrlState.BACKING_OFF);
    JsonArray entries = history.computeIfAbsent(index, i -> new JsonArray());
    if (fetcherEntries != null) {
      entries.addAll(fetcherEntries);
    }
    entries.add(failedAttempt.put("attempt", attempts[index]));
  }

  /** IN_FLIGHT → WAITING_FILES: no file descriptor was left for its socket; it never started, so not an attempt. */
  void waitForFiles(int index) {
    move(index, UrlState.IN_FLIGHT, UrlState.WAITING_FILES);
    attempts[index]--;
    fileWaits[index]++;
  }

  /**
   * BACKING_OFF or WAITING_FILES → WAITING: its pause is over.
   *
   * @return false if the URL was not pausing (its run ended meanwhile)
   */
  boolean wake(int index) {
    UrlState s = state(index);
    if (s != UrlState.BACKING_OFF && s != UrlState.WAITING_FILES) {
      return false;
    }
    move(index, s, UrlState.WAITING);
    return true;
  }

  /** Any open state → DONE. Returns the state it left. */
  UrlState done(int index) {
    UrlState s = state(index);
    move(index, s, UrlState.DONE);
    return s;
  }

  /** Every URL back to WAITING with no attempts (compare mode's second run starts from zero). */
  void reset() {
    Arrays.fill(state, (byte) UrlState.WAITING.ordinal());
    Arrays.fill(attempts, 0);
    Arrays.fill(resends, 0);
    Arrays.fill(fileWaits, 0);
    Arrays.fill(sentAt, 0);
    history.clear();
    Arrays.fill(counts, 0);
    counts[UrlState.WAITING.ordinal()] = state.length;
  }

  private void move(int index, UrlState from, UrlState to) {
    if (state[index] != from.ordinal()) {
      throw new IllegalStateException("URL " + index + " is " + state(index) + ", not " + from);
    }
    if (from == UrlState.DONE) {
      throw new IllegalStateException("URL " + index + " is done");
    }
    state[index] = (byte) to.ordinal();
    counts[from.ordinal()]--;
    counts[to.ordinal()]++;
  }
}
