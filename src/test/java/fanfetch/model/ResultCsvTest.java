package fanfetch.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultCsvTest {

  @Test
  void theHeaderNamesEveryColumn() {
    assertThat(ResultCsv.header()).isEqualTo(String.join(",", ResultCsv.COLUMNS) + "\r\n");
    assertThat(ResultCsv.COLUMNS).contains("url", "status", "bytes", "totalMs", "errorKind");
  }

  @Test
  void aSuccessfulResultIsOneRowWithEmptyErrorFields() {
    JsonObject result = new JsonObject().put("index", 0).put("url", "http://a.test/x").put("ok", true)
        .put("status", 200).put("bytes", 10L)
        .put("timings", Results.timings(1, 2, 0.0, 3, 4, 10, false)).putNull("error");

    String row = ResultCsv.row(result);

    assertThat(row).startsWith("0,http://a.test/x,,true,200,10,").endsWith(",10.0,false" + ",".repeat(14) + "\r\n");
    assertThat(row.split(",", -1)).hasSize(ResultCsv.COLUMNS.size());
  }

  @Test
  void theColumnsOfTheFirstVersionStayWhereTheyWereAndNewOnesFollow() {
    assertThat(ResultCsv.COLUMNS.subList(0, 23)).containsExactly("index", "url", "finalUrl", "ok", "status", "bytes",
        "contentType", "sha256", "redirects", "attempts", "node", "startMs", "dnsMs", "connectMs", "tlsMs", "ttfbMs",
        "downloadMs", "totalMs", "reusedConnection", "errorKind", "errorMessage", "errorPhase", "run");
    assertThat(ResultCsv.COLUMNS.subList(23, ResultCsv.COLUMNS.size())).containsExactly("httpVersion",
        "remoteAddress", "connectionId", "tlsVersion", "tlsCipher", "tlsCertSubject", "tlsCertIssuer",
        "tlsCertNotAfter", "queueMs", "queuedBy");
  }

  @Test
  void aUrlThatWaitedSaysHowLongAndForWhat() {
    JsonObject result = new JsonObject().put("index", 2).put("url", "http://a.test/").put("ok", true)
        .put("timings", Results.timings(1, 2, null, 3, 4, 10, false)).putNull("error")
        .put("queueMs", 412.5).put("queuedBy", "perHost");

    assertThat(ResultCsv.row(result)).endsWith(",412.5,perHost\r\n");
  }

  @Test
  void anHttpsResultFillsItsConnectionAndCertificateColumns() {
    JsonObject result = new JsonObject().put("index", 1).put("url", "https://a.test/").put("ok", true)
        .put("timings", Results.timings(1, 2, 3.0, 4, 5, 15, false)).putNull("error")
        .put("httpVersion", "HTTP/2").put("remoteAddress", "[::1]:443").put("connectionId", "0a1b2c3d-7")
        .put("tls", new JsonObject().put("version", "TLSv1.3").put("cipher", "TLS_AES_128_GCM_SHA256")
            .put("certSubject", "CN=a.test,O=Example").put("certIssuer", "CN=Test CA")
            .put("certNotAfter", "2030-01-01T00:00:00Z"));

    assertThat(ResultCsv.row(result)).endsWith(",HTTP/2,[::1]:443,0a1b2c3d-7,TLSv1.3,TLS_AES_128_GCM_SHA256,"
        + "\"CN=a.test,O=Example\",CN=Test CA,2030-01-01T00:00:00Z,,\r\n");
  }

  @Test
  void fieldsWithCommasQuotesOrNewlinesAreQuoted() {
    assertThat(ResultCsv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(ResultCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ResultCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(ResultCsv.field(null)).isEmpty();
    assertThat(ResultCsv.field(42)).isEqualTo("42");
  }

  @Test
  void anErrorFillsKindAndMessage() {
    JsonObject result = Results.failure(ErrorKind.DNS, "no such host, really", null, "n1").put("index", 3)
        .put("url", "http://x.invalid/");

    assertThat(ResultCsv.row(result)).endsWith(",dns,\"no such host, really\"" + ",".repeat(12) + "\r\n");
  }

  @Test
  void textThatASpreadsheetWouldRunIsDefused() {
    assertThat(ResultCsv.field("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
    assertThat(ResultCsv.field("@x")).isEqualTo("'@x");
    assertThat(ResultCsv.field(-5)).isEqualTo("-5");
  }
}
