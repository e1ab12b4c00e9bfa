package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportOutputTest {

  static JsonObject result(int index, String url, Integer status, long bytes, double totalMs, String kind, String message) {
    return new JsonObject().put("index", index).put("url", url).put("ok", status != null && status / 100 == 2)
        .put("status", status).put("bytes", bytes)
        .put("timings", new JsonObject().put("startMs", 0.0).put("totalMs", totalMs))
        .put("error", kind == null ? null : new JsonObject().put("kind", kind).put("message", message).put("phase", "connect"));
  }

  static JsonObject report() {
    return new JsonObject().put("id", "01JOB").put("state", "done").put("mode", "parallel")
        .put("durationMs", 1012.44).put("fetchTimeSumMs", 2023.1).put("speedup", 2.0)
        .put("summary", new JsonObject().put("total", 3).put("completed", 3).put("succeeded", 1).put("failed", 2)
            .put("bytes", 1000100L))
        .put("results", new JsonArray()
            .add(result(0, "http://127.0.0.1:8000/bytes/1000000", 200, 1_000_000, 1003.1234, null, null))
            .add(result(1, "http://127.0.0.1:8000/status/503", 503, 100, 12.0, null, null))
            .add(result(2, "http://127.0.0.1:1/", null, 0, 1.5, "connect", "Connection refused, \"really\"\nagain")));
  }

  @Test
  void theTableHasAlignedColumnsAndASummaryLine() {
    assertThat(ReportOutput.render(OutputFormat.TABLE, report())).isEqualTo("""
        URL                                  STATUS    BYTES  TOTAL MS  ERROR
        http://127.0.0.1:8000/bytes/1000000     200  1000000    1003.1
        http://127.0.0.1:8000/status/503        503      100      12.0
        http://127.0.0.1:1/                       -        0       1.5  connect: Connection refused, "really" again
        3 URLs: 1 ok, 2 failed; 1000100 bytes in 1012.4 ms (fetches add up to 2023.1 ms, speedup 2.00)
        """);
  }

  @Test
  void jsonIsTheReport() {
    JsonObject report = report();
    assertThat(new JsonObject(ReportOutput.render(OutputFormat.JSON, report))).isEqualTo(report);
  }

  @Test
  void ndjsonIsOneResultPerLine() {
    String[] lines = ReportOutput.render(OutputFormat.NDJSON, report()).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(new JsonObject(lines[2])).isEqualTo(report().getJsonArray("results").getJsonObject(2));
  }

  @Test
  void csvHasAHeaderAndOneQuotedRowPerResult() {
    assertThat(ReportOutput.render(OutputFormat.CSV, report())).isEqualTo("""
        url,status,bytes,totalMs,errorKind,errorMessage
        http://127.0.0.1:8000/bytes/1000000,200,1000000,1003.1234,,
        http://127.0.0.1:8000/status/503,503,100,12,,
        http://127.0.0.1:1/,,0,1.5,connect,"Connection refused, ""really""
        again"
        """);
  }

  @Test
  void csvFieldsAreQuotedOnlyWhenNeeded() {
    assertThat(ReportOutput.csvField("plain")).isEqualTo("plain");
    assertThat(ReportOutput.csvField("a,b")).isEqualTo("\"a,b\"");
    assertThat(ReportOutput.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ReportOutput.csvField("line\r\nbreak")).isEqualTo("\"line\r\nbreak\"");
    assertThat(ReportOutput.csvField(" padded")).isEqualTo("\" padded\"");
    assertThat(ReportOutput.csvField(null)).isEmpty();
  }

  @Test
  void compareModeSummarisesBothRuns() {
    JsonObject report = report().put("mode", "compare").put("speedup", 3.96)
        .put("sequential", new JsonObject().put("durationMs", 4010.0))
        .put("parallel", new JsonObject().put("durationMs", 1012.44));
    assertThat(ReportOutput.summary(report))
        .isEqualTo("3 URLs: 1 ok, 2 failed; 1000100 bytes; sequential 4010.0 ms, parallel 1012.4 ms: parallel is 3.96x faster");
  }

  @Test
  void aCancelledJobOrPassedDeadlineIsSaid() {
    JsonObject report = report().put("state", "cancelled").put("deadlineExceeded", true);
    report.getJsonObject("summary").put("total", 4);
    assertThat(ReportOutput.summary(report)).isEqualTo("4 URLs: 1 ok, 2 failed, 1 unfinished; 1000100 bytes in 1012.4 ms "
        + "(fetches add up to 2023.1 ms, speedup 2.00); job cancelled; deadline exceeded");
  }
}
