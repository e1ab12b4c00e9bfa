package fanfetch.coordinator;

import fanfetch.guard.TargetUrl;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * A job's URLs as the coordinator needs them, parsed once when the job is accepted: each one's
 * host (for the per-host window), its text with credentials redacted (for its result), whether it
 * is valid, and the parse itself, handed to the fetcher with the first send.
 */
final class JobUrls {

  private final List<String> urls;
  private final String[] hostOf;
  private final String[] redacted;
  /** Each valid URL's parse, until its first send takes it (a resend is parsed again by its fetcher). */
  private final TargetUrl[] parsed;
  /** Why each invalid URL is invalid (null: valid). */
  private final String[] invalidBecause;
  private final int[] valid;

  JobUrls(List<String> urls) {
    this.urls = urls;
    int n = urls.size();
    hostOf = new String[n];
    redacted = new String[n];
    parsed = new TargetUrl[n];
    invalidBecause = new String[n];
    int[] order = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      String url = urls.get(i);
      redacted[i] = TargetUrl.redact(url);
      try {
        parsed[i] = TargetUrl.parse(url);
        hostOf[i] = parsed[i].hostKey();
        order[count++] = i;
      } catch (TargetUrl.InvalidUrlException e) {
        invalidBecause[i] = e.getMessage();
      }
    }
    valid = Arrays.copyOf(order, count);
  }

  int size() {
    return urls.size();
  }

  String url(int index) {
    return urls.get(index);
  }

  /** The URL as reports show it: any userinfo replaced by {@code ***@}. */
  String redacted(int index) {
    return redacted[index];
  }

  /** Host keys by index (null for invalid URLs), for the window. */
  String[] hosts() {
    return hostOf;
  }

  /** The indices of the valid URLs, ascending. */
  int[] valid() {
    return valid;
  }

  boolean isValid(int index) {
    return invalidBecause[index] == null;
  }

  /** The {@code invalid_url} failure of an invalid URL (before the coordinator decorates it). */
  JsonObject invalidResult(int index, String node) {
    return Results.failure(ErrorKind.INVALID_URL, invalidBecause[index], null, node);
  }

  /** The parse of a valid URL, handed over once (a 100,000-URL job does not keep what it no longer needs). */
  TargetUrl takeParsed(int index) {
    TargetUrl target = parsed[index];
    parsed[index] = null;
    return target;
  }

  /** Once the job has finished: the parses it still holds are let go. */
  void release() {
    Arrays.fill(parsed, null);
  }
}
