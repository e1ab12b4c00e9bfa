package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A page of {@code GET /jobs} as a table, and where the next page starts. */
final class JobTable {

  private static final String ROW = "%-26s  %-9s  %-10s  %9s  %9s  %-24s%n";

  private JobTable() {
  }

  static String render(JsonObject page) {
    JsonArray jobs = page.getJsonArray("jobs", new JsonArray());
    if (jobs.isEmpty()) {
      return "no jobs\n";
    }
    StringBuilder table = new StringBuilder(String.format(ROW, "ID", "STATE", "MODE", "URLS", "DONE", "CREATED"));
    for (Object item : jobs) {
      JsonObject job = (JsonObject) item;
      table.append(String.format(ROW, job.getString("id"), job.getString("state"), text(job.getString("mode")),
          job.getValue("urls"), job.getValue("completed"), text(job.getString("createdAt"))));
    }
    String next = page.getString("next");
    if (next != null) {
      table.append("more: fanfetch jobs --after ").append(next).append('\n');
    }
    return table.toString();
  }

  private static String text(String value) {
    return value == null ? "-" : value;
  }
}
