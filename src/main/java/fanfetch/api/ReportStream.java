package fanfetch.api;

import fanfetch.model.ResultCsv;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Writes a report's results as CSV or NDJSON, one line at a time and only as fast as the client
 * reads (a 100,000-URL report is never turned into one big string).
 */
final class ReportStream {

  static final String CSV = "text/csv";
  static final String NDJSON = "application/x-ndjson";

  private ReportStream() {
  }

  static void write(HttpServerResponse response, JsonObject report, String format) {
    boolean csv = CSV.equals(format);
    JsonArray results = report.getJsonArray("results", new JsonArray());
    response.setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", csv ? CSV + "; charset=utf-8" : NDJSON)
        .putHeader("X-Job-State", report.getString("state", ""));
    if (csv) {
      response.write(ResultCsv.header());
    }
    new Object() {
      int next;

      void pump() {
        while (next < results.size() && !response.writeQueueFull()) {
          JsonObject result = results.getJsonObject(next++);
          response.write(csv ? ResultCsv.row(result) : result.encode() + "\n");
        }
        if (next >= results.size()) {
          response.end();
        } else {
          response.drainHandler(v -> pump());
        }
      }
    }.pump();
  }
}
