package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The exit status of {@code fetch} and {@code submit}. */
public final class ExitCodes {

  /** Every URL was fetched with a 2xx answer. */
  public static final int OK = 0;
  /** The job ran, but at least one URL failed (an error, or a non-2xx status). */
  public static final int SOME_FAILED = 1;
  /** Bad usage, a refused job, or no connection to the server. */
  public static final int USAGE = 2;

  /** The {@code --help} lines of the two codes a job's commands share (picocli wants constants). */
  static final String HELP_OK = "0:every URL answered 2xx";
  static final String HELP_SOME_FAILED = "1:some URLs failed (an error or a non-2xx status)";

  private ExitCodes() {
  }

  /**
   * {@link #OK} when every result of the report (both runs in compare mode) is {@code ok} and no
   * URL is without a result, else {@link #SOME_FAILED}.
   */
  public static int of(JsonObject report) {
    JsonArray results = report.getJsonArray("results", new JsonArray());
    JsonObject summary = report.getJsonObject("summary");
    if (summary != null && results.size() < summary.getInteger("total", results.size())) {
      return SOME_FAILED;
    }
    if (results.isEmpty() || !allOk(results)) {
      return SOME_FAILED;
    }
    JsonObject sequential = report.getJsonObject("sequential");
    if (sequential != null && !allOk(sequential.getJsonArray("results", new JsonArray()))) {
      return SOME_FAILED;
    }
    return OK;
  }

  private static boolean allOk(JsonArray results) {
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      if (result == null || !result.getBoolean("ok", false)) {
        return false;
      }
    }
    return true;
  }
}
