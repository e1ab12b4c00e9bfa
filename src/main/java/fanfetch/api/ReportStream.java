package fanfetch.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import fanfetch.model.FinishedReport;
import fanfetch.model.LiveReport;
import fanfetch.model.Report;
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

  /** Reports with fewer results than this are written in one piece. */
  private static final int STREAM_FROM = 256;
  /** Results per written slice: large enough to amortize a write, small enough to start sending early. */
  private static final int SLICE = 128;

  /**
   * Writes a report as one JSON document: a finished one as the bytes it was stored as, a live one
   * encoded as it is sent ({@link #writeLive}).
   */
  static void writeJson(HttpServerResponse response, int status, Report report) {
    if (report instanceof FinishedReport finished) {
      response.setStatusCode(status).putHeader("Content-Type", "application/json").end(finished.json());
    } else {
      writeLive(response, status, ((LiveReport) report).json());
    }
  }

  /**
   * Everything but the results at once, then the results in slices as the client reads them. The
   * bytes are the same as encoding the whole report, but a large report is never one huge buffer,
   * and sending starts before encoding ends.
   */
  private static void writeLive(HttpServerResponse response, int status, JsonObject report) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json");
    JsonArray results = report.getJsonArray("results");
    if (results == null || results.size() < STREAM_FROM) {
      response.end(report.toBuffer());
      return;
    }
    JsonObject head = new JsonObject(new java.util.LinkedHashMap<>(report.getMap()));
    head.remove("results");
    String headJson = head.encode();
    response.setChunked(true);
    response.write(headJson.substring(0, headJson.length() - 1) + (head.isEmpty() ? "" : ",") + "\"results\":[");
    new Object() {
      int next;

      void pump() {
        while (next < results.size() && !response.writeQueueFull()) {
          Buffer slice = Buffer.buffer(SLICE * 512);
          int end = Math.min(results.size(), next + SLICE);
          for (int i = next; i < end; i++) {
            if (i > 0) {
              slice.appendByte((byte) ',');
            }
            slice.appendBuffer(Json.CODEC.toBuffer(results.getValue(i), false));
          }
          next = end;
          response.write(slice);
        }
        if (next >= results.size()) {
          response.end("]}");
        } else {
          response.drainHandler(v -> pump());
        }
      }
    }.pump();
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
