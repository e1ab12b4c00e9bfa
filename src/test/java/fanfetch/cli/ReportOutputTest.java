package fanfetch.cli;

import fanfetch.model.ResultCsv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportOutputTest {

  static JsonObject result(int index, String url, Integer status, long bytes, double totalMs, String kind, String message) {
    return new JsonObject().put("index", index).put("url", url).put("ok", status != null && status / 100 == 2)
        .put("status", status).put("bytes", bytes)
        .put("timings", new JsonObject().put("startMs", 0.0).put("totalMs", totalMs))
        .put("error", kind == null ? null : new JsonObject().put("kind", kind).put("message", message).put("phase", "connect"));
  }

  static final String SHA = "18a2b4ed4314a7c0b1b5d3f9e8c7a6b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9";

  static JsonObject report() {
    return new JsonObject().put("id", "01JOB").put("state", "done").put("mode", "parallel")
        .put("durationMs", 1012.44).put("fetchTimeSumMs", 2023.1).put("speedup", 2.0)
        .put("summary", new JsonObject().put("total", 3).put("completed", 3).put("succeeded", 1).put("failed", 2)
            .put("bytes", 1000100L))
        .put("results", new JsonArray()
            .add(result(0, "http://127.0.0.1:8000/bytes/1000000", 200, 1_000_000, 1003.1234, null, null).put("sha256", SHA))
            .add(result(1, "http://127.0.0.1:8000/status/503", 503, 100, 12.0, null, null))
            .add(result(2, "http://127.0.0.1:1/", null, 0, 1.5, "connect", "Connection refused, \"really\"\nagain")));
  }

  @Test
  void theTableHasAlignedColumnsAShortSha256AndASummaryLine() {
    assertThat(ReportOutput.render(OutputFormat.TABLE, report(), ReportOutput.Context.PLAIN)).isEqualTo("""
        URL                                  STATUS    BYTES  TOTAL MS  SHA-256       ERROR
        http://127.0.0.1:8000/bytes/1000000     200  1000000    1003.1  18a2b4ed4314
        http://127.0.0.1:8000/status/503        503      100      12.0
        http://127.0.0.1:1/                       -        0       1.5                connect: Connection refused, "really" again
        3 URLs: 1 ok, 2 failed; 1000100 bytes in 1012.4 ms (fetches add up to 2023.1 ms, speedup 2.00)
        """);
  }

  @Test
  void inFetchTheGuardsHintNamesTheAllowOptionWithTheRefusedAddress() {
    JsonObject report = report();
    report.getJsonArray("results").getJsonObject(2).getJsonObject("error").put("kind", "blocked")
        .put("message", "127.0.0.1:1 refused by the address guard: 127.0.0.1 is loopback (open it with guard.allow)");
    assertThat(ReportOutput.table(report, new ReportOutput.Context(true, Map.of())))
        .contains("127.0.0.1 is loopback (open it with --allow 127.0.0.1:1)").doesNotContain("guard.allow");
    // submit talks to a service, whose guard is opened with its guard.allow setting
    assertThat(ReportOutput.table(report, ReportOutput.Context.PLAIN)).contains("(open it with guard.allow)");
    // the machine formats are the report as it is
    assertThat(ReportOutput.render(OutputFormat.JSON, report, new ReportOutput.Context(true, Map.of())))
        .contains("guard.allow");
  }

  @Test
  void aOneUrlJobHasNoSpeedup() {
    JsonObject report = report().put("speedup", 0.14);
    report.getJsonObject("summary").put("total", 1).put("completed", 1).put("succeeded", 1);
    report.put("results", new JsonArray().add(report.getJsonArray("results").getJsonObject(0)));
    assertThat(SummaryLine.of(report, Map.of())).isEqualTo("1 URL: 1 ok, 0 failed; 1000100 bytes in 1012.4 ms")
        .doesNotContain("speedup");
    JsonObject compare = report.copy().put("sequential", new JsonObject().put("durationMs", 20.0))
        .put("parallel", new JsonObject().put("durationMs", 21.0));
    assertThat(SummaryLine.of(compare, Map.of())).endsWith("sequential 20.0 ms, parallel 21.0 ms "
        + "(one URL: nothing to run in parallel)");
  }

  @Test
  void theSummarySaysWhichLimitHeldUrlsBackLongest() {
    JsonObject report = report();
    report.getJsonObject("summary").put("heldBackBy",
        new JsonObject().put("limit", "perHost").put("ms", 40123.4).put("urls", 1984));
    assertThat(SummaryLine.of(report, Map.of("perHost", 16)))
        .endsWith("speedup 2.00); most waiting was for perHost (16), 1984 URLs for 40.1 s in all: raise --per-host");
  }

  @Test
  void jsonIsTheReport() {
    JsonObject report = report();
    assertThat(new JsonObject(ReportOutput.render(OutputFormat.JSON, report, ReportOutput.Context.PLAIN))).isEqualTo(report);
  }

  @Test
  void ndjsonIsOneResultPerLine() {
    String[] lines = ReportOutput.render(OutputFormat.NDJSON, report(), ReportOutput.Context.PLAIN).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(new JsonObject(lines[2])).isEqualTo(report().getJsonArray("results").getJsonObject(2));
  }

  @Test
  void csvIsTheApisCsvWithEveryColumn() {
    String csv = ReportOutput.render(OutputFormat.CSV, report(), ReportOutput.Context.PLAIN);
    String[] lines = csv.split("\r\n");
    assertThat(lines[0]).isEqualTo(String.join(",", ResultCsv.COLUMNS)).contains("sha256", "errorPhase", "run");
    assertThat(lines[1]).isEqualTo(ResultCsv.row(report().getJsonArray("results").getJsonObject(0)).strip())
        .contains(SHA);
    assertThat(csv).isEqualTo(ResultCsv.header() + ReportOutput.results(report()).stream().map(ResultCsv::row)
        .reduce("", String::concat));
    assertThat(csv).contains(",connect,\"Connection refused, \"\"really\"\"\nagain\",connect,");
  }

  @Test
  void compareModeSummarisesBothRuns() {
    JsonObject report = report().put("mode", "compare").put("speedup", 3.96)
        .put("sequential", new JsonObject().put("durationMs", 4010.0))
        .put("parallel", new JsonObject().put("durationMs", 1012.44));
    assertThat(SummaryLine.of(report, Map.of()))
        .isEqualTo("3 URLs: 1 ok, 2 failed; 1000100 bytes; sequential 4010.0 ms, parallel 1012.4 ms: parallel is 3.96x faster");
    assertThat(SummaryLine.of(report.put("speedup", 0.92), Map.of())).endsWith(": parallel was slower (0.92x)");
  }

  @Test
  void aCancelledJobOrPassedDeadlineIsSaid() {
    JsonObject report = report().put("state", "cancelled").put("deadlineExceeded", true);
    report.getJsonObject("summary").put("total", 4);
    assertThat(SummaryLine.of(report, Map.of())).isEqualTo("4 URLs: 1 ok, 2 failed, 1 unfinished; 1000100 bytes in 1012.4 ms "
        + "(fetches add up to 2023.1 ms, speedup 2.00); job cancelled; deadline exceeded");
  }
}
