package fanfetch.coordinator;

import fanfetch.config.Settings;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;

import java.util.Random;
import java.util.Set;

/**
 * The limits that decide what a failed send becomes: how often a silent task is sent again, how
 * a retriable failure backs off, how long a URL waits for a file descriptor.
 *
 * @param maxDispatchAttempts sends per task before it is reported as {@code timeout}
 * @param fileWaitMs          pause before a URL that found no file descriptor is queued again
 * @param maxFileWaits        how often it may wait (about 30 s in all)
 */
record RetryRules(int maxDispatchAttempts, long retryBaseMs, long retryMaxMs, long fileWaitMs, int maxFileWaits,
                  Random random) {

  private static final Set<String> RETRIABLE_KINDS = Set.of(ErrorKind.CONNECT.wireName(),
      ErrorKind.RESET.wireName(), ErrorKind.TIMEOUT.wireName());
  private static final Set<Integer> RETRIABLE_STATUSES = Set.of(429, 502, 503, 504);

  static RetryRules from(Settings settings, Random random) {
    return new RetryRules(settings.maxDispatchAttempts(), settings.retryBaseMs(), settings.retryMaxMs(), 50, 600,
        random);
  }

  /** Whether a fetched result is a transient failure worth another attempt (connect, reset, timeout; 429, 502–504). */
  static boolean retriable(JsonObject fetched) {
    JsonObject error = fetched.getJsonObject(Results.ERROR);
    if (error != null) {
      return RETRIABLE_KINDS.contains(error.getString(Results.ERROR_KIND));
    }
    Integer status = fetched.getInteger(Results.STATUS);
    return status != null && RETRIABLE_STATUSES.contains(status);
  }

  /** A failed attempt as the URL's history keeps it: {attempt, error or status, durationMs}. */
  static JsonObject attemptOf(int attempt, JsonObject fetched) {
    JsonObject entry = new JsonObject().put("attempt", attempt);
    JsonObject error = fetched.getJsonObject(Results.ERROR);
    if (error != null) {
      entry.put("error", error.getString(Results.ERROR_KIND));
    } else {
      entry.put("status", fetched.getInteger(Results.STATUS));
    }
    return entry.put("durationMs", Results.round(Results.totalMs(fetched)));
  }

  /** The backoff before retry number {@code retry} (1 for the first), honouring the server's Retry-After. */
  long backoffMs(int retry, Long retryAfterMs) {
    return RetryDelays.next(retry, retryBaseMs, retryMaxMs, retryAfterMs, random);
  }
}
