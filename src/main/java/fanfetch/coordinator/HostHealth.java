package fanfetch.coordinator;

import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A job's {@code maxHostErrors}: connect and timeout failures counted by host; once a host has had
 * that many, the job gives up on it, and its URLs not tried yet get {@code host_errors} results
 * instead of more failures. Plain class.
 */
final class HostHealth {

  private final int maxErrors;
  private final Map<String, Integer> errors = new HashMap<>();
  private final Set<String> givenUp = new HashSet<>();

  /** @param maxErrors 0 for no limit */
  HostHealth(int maxErrors) {
    this.maxErrors = maxErrors;
  }

  boolean givenUp(String host) {
    return givenUp.contains(host);
  }

  /**
   * An attempt on the host ended.
   *
   * @return true if this failure made the job give up on the host (its pending URLs are to be closed)
   */
  boolean ended(String host, JsonObject result) {
    if (maxErrors <= 0 || givenUp.contains(host) || !countsAgainstHost(result)) {
      return false;
    }
    if (errors.merge(host, 1, Integer::sum) >= maxErrors) {
      givenUp.add(host);
      return true;
    }
    return false;
  }

  /** Connect and timeout failures say the host is unwell; an HTTP error or a bad URL does not. */
  static boolean countsAgainstHost(JsonObject result) {
    JsonObject error = result.getJsonObject(Results.ERROR);
    String kind = error == null ? null : error.getString(Results.ERROR_KIND);
    return ErrorKind.CONNECT.wireName().equals(kind) || ErrorKind.TIMEOUT.wireName().equals(kind);
  }

  /** The result of a URL not tried because its host was given up on. */
  JsonObject notTried(String host, String node) {
    return Results.failure(ErrorKind.HOST_ERRORS, "not tried: " + host + " failed " + maxErrors
        + " times with connect or timeout errors (maxHostErrors)", null, node);
  }
}
