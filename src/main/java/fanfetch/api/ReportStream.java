package fanfetch.api;

import fanfetch.model.ReportHead;
import fanfetch.model.ResultCsv;
import fanfetch.store.JobStore;
import fanfetch.store.StoredResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
    Out out = Out.of(response, head.urls() * (twoRuns ? 2 : 1) >= STREAM_FROM);
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
  static void write(HttpServerResponse response, ReportHead head, JobStore store, String format) {
    boolean csv = CSV.equals(format);
    response.setStatusCode(200)
        .putHeader("Content-Type", csv ? CSV + "; charset=utf-8" : NDJSON)
        .putHeader("X-Job-State", head.state());
    Out out = Out.of(response, true);
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
  private static Future<Void> array(Out out, JobStore store, ReportHead head, int run) {
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
  static Future<Void> each(Out out, JobStore store, String id, int run, int urls, Function<StoredResult, Buffer> format) {
    return chunk(out, store, id, run, JobStore.chunks(urls), 0, format);
  }

  private static Future<Void> chunk(Out out, JobStore store, String id, int run, int chunks, int chunk,
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

  /**
   * Where a report goes: the response, written in chunks once it is large (each write waits while
   * the client is behind), or gathered and sent in one piece when it is small.
   */
  static final class Out {
    private final HttpServerResponse response;
    private final Buffer gathered;
    private boolean closed;
    private Promise<Void> waiting;

    private Out(HttpServerResponse response, boolean stream) {
      this.response = response;
      this.gathered = stream ? null : Buffer.buffer();
      if (stream && !response.isChunked()) {
        response.setChunked(true);
      }
      response.closeHandler(v -> {
        closed = true;
        if (waiting != null) {
          waiting.tryComplete();
        }
      });
    }

    static Out of(HttpServerResponse response, boolean stream) {
      return new Out(response, stream);
    }

    boolean closed() {
      return closed;
    }

    Future<Void> write(String text) {
      return write(Buffer.buffer(text));
    }

    /** Completes once the client can take more (at once while its queue is not full). */
    Future<Void> write(Buffer data) {
      if (closed) {
        return Future.succeededFuture();
      }
      if (gathered != null) {
        gathered.appendBuffer(data);
        return Future.succeededFuture();
      }
      response.write(data);
      if (!response.writeQueueFull()) {
        return Future.succeededFuture();
      }
      Promise<Void> drained = Promise.promise();
      waiting = drained;
      response.drainHandler(v -> {
        response.drainHandler(null);
        waiting = null;
        drained.tryComplete();
      });
      return drained.future();
    }

    /** Ends the response; a read that failed midway resets it (the client sees a broken report, not a short one). */
    void end(boolean complete) {
      if (closed) {
        return;
      }
      if (!complete) {
        response.reset();
      } else if (gathered != null) {
        response.end(gathered);
      } else {
        response.end();
      }
    }
  }
}
