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

    assertThat(row).startsWith("0,http://a.test/x,,true,200,10,").endsWith(",10.0,false,,,,\r\n");
    assertThat(row.split(",", -1)).hasSize(ResultCsv.COLUMNS.size());
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

    assertThat(ResultCsv.row(result)).endsWith(",dns,\"no such host, really\",,\r\n");
  }

  @Test
  void textThatASpreadsheetWouldRunIsDefused() {
    assertThat(ResultCsv.field("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
    assertThat(ResultCsv.field("@x")).isEqualTo("'@x");
    assertThat(ResultCsv.field(-5)).isEqualTo("-5");
  }
}
