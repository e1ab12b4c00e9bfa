package fanfetch.api;

import fanfetch.model.ReportHead;
import fanfetch.model.ResultCsv;
import fanfetch.store.JobStore;
import fanfetch.store.StoredResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * Writes a report as it is read from the job store: its head at once, then its results a chunk at
 * a time, only as fast as the client reads (a report of a million URLs is never one buffer). The
 * JSON is byte for byte what encoding the whole report would give; CSV and NDJSON carry the
 * report's (top-level) results, one line each.
 */
final class ReportStream {

  static final String CSV = "text/csv";
  static final String NDJSON = "application/x-ndjson";
  /** Reports of fewer URLs than this go out in one piece (with a length), larger ones in chunks. */
  private static final int STREAM_FROM = 256;
  /** Stand-ins for the result arrays in the encoded head: no field of a head can hold them. */
  private static final String FIRST_RUN = "\u0000fanfetch-run-1\u0000";
  private static final String MAIN_RUN = "\u0000fanfetch-run-main\u0000";

  private ReportStream() {
  }

  /** The report as one JSON document; compare mode's sequential results go inside {@code sequential}. */
  static void writeJson(HttpServerResponse response, int status, ReportHead head, JobStore store) {
    writeJson(response, status, head, store, () -> { });
  }

  /** Whether the report is written in chunks as it is read (then it is a stream, under the stream caps). */
  static boolean streamed(ReportHead head, String format) {
    return !(format == null || HttpApiVerticle.JSON.equals(format)) || head.urls() * (head.compare() ? 2 : 1) >= STREAM_FROM;
  }

  /** {@link #writeJson}, running {@code onDone} once the answer is over (written, or its client gone). */
  static void writeJson(HttpServerResponse response, int status, ReportHead head, JobStore store, Runnable onDone) {
    JsonObject json = head.json().copy();
    JsonObject sequential = json.getJsonObject("sequential");
    boolean twoRuns = head.compare() && sequential != null;
    if (twoRuns) {
      sequential.put("results", FIRST_RUN);
    }
    json.put("results", MAIN_RUN);
    String text = json.encode();
    String main = quoted(MAIN_RUN);
    int mainAt = text.indexOf(main);
    StreamOut out = StreamOut.of(response, head.urls() * (twoRuns ? 2 : 1) >= STREAM_FROM, "job " + head.id());
    out.onClose(onDone);
    if (!response.headWritten()) {
      // (A waiting POST /jobs sent its status and headers when the job was accepted.)
      response.setStatusCode(status).putHeader("Content-Type", "application/json");
    }
    Future<Void> written;
    if (twoRuns) {
      String first = quoted(FIRST_RUN);
      int firstAt = text.indexOf(first);
      out.write(text.substring(0, firstAt));
      written = array(out, store, head, 1)
          .compose(v -> out.write(text.substring(firstAt + first.length(), mainAt)))
          .compose(v -> array(out, store, head, head.mainRun()));
    } else {
      out.write(text.substring(0, mainAt));
      written = array(out, store, head, head.mainRun());
    }
    written.compose(v -> out.write(text.substring(mainAt + main.length())))
        .onComplete(done -> out.end(done.succeeded()));
  }

  /** The report's results as CSV (a header row first) or NDJSON. */
  static void write(HttpServerResponse response, ReportHead head, JobStore store, String format, Runnable onDone) {
    boolean csv = CSV.equals(format);
    response.setStatusCode(200)
        .putHeader("Content-Type", csv ? CSV + "; charset=utf-8" : NDJSON)
        .putHeader("X-Job-State", head.state());
    StreamOut out = StreamOut.of(response, true, "job " + head.id());
    out.onClose(onDone);
    if (csv) {
      out.write(ResultCsv.header());
    }
    Function<StoredResult, Buffer> line = csv
        ? r -> Buffer.buffer(ResultCsv.row(r.toJson()))
        : r -> Buffer.buffer(r.json()).appendByte((byte) '\n');
    each(out, store, head.id(), head.mainRun(), head.urls(), line).onComplete(done -> out.end(done.succeeded()));
  }

  /** The marker as it stands in encoded JSON: a quoted string. */
  private static String quoted(String marker) {
    return Json.encode(marker);
  }

  /** A run's results as a JSON array. */
  private static Future<Void> array(StreamOut out, JobStore store, ReportHead head, int run) {
    boolean[] first = {true};
    out.write("[");
    return each(out, store, head.id(), run, head.urls(), r -> {
      Buffer b = Buffer.buffer(r.json().length + 1);
      if (!first[0]) {
        b.appendByte((byte) ',');
      }
      first[0] = false;
      return b.appendBytes(r.json());
    }).compose(v -> out.write("]"));
  }

  /** Each stored result of a run, formatted, a chunk at a time, waiting while the client is behind. */
  static Future<Void> each(StreamOut out, JobStore store, String id, int run, int urls, Function<StoredResult, Buffer> format) {
    return chunk(out, store, id, run, JobStore.chunks(urls), 0, format);
  }

  private static Future<Void> chunk(StreamOut out, JobStore store, String id, int run, int chunks, int chunk,
                                    Function<StoredResult, Buffer> format) {
    if (chunk >= chunks || out.closed()) {
      return Future.succeededFuture();
    }
    return store.results(id, run, chunk).compose(page -> {
      Buffer slice = Buffer.buffer(page.size() * 512);
      page.forEach(r -> slice.appendBuffer(format.apply(r)));
      return out.write(slice);
    }).compose(v -> chunk(out, store, id, run, chunks, chunk + 1, format));
  }
}
