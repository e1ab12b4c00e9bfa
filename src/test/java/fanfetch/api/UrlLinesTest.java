package fanfetch.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlLinesTest {

  @Test
  void aUriListHasAUrlALineAndSkipsCommentsAndBlankLines() {
    assertThat(UrlLines.URI_LIST.url("http://a.test/x")).isEqualTo("http://a.test/x");
    assertThat(UrlLines.URI_LIST.url("  http://a.test/x \t")).isEqualTo("http://a.test/x");
    assertThat(UrlLines.URI_LIST.url("\uFEFFhttp://a.test/")).isEqualTo("http://a.test/");
    assertThat(UrlLines.URI_LIST.url("# a comment")).isNull();
    assertThat(UrlLines.URI_LIST.url("   ")).isNull();
    assertThat(UrlLines.URI_LIST.url("not a url")).as("checked later, as its invalid_url result").isEqualTo("not a url");
  }

  @Test
  void ndjsonLinesAreStringsOrUrlObjects() {
    assertThat(UrlLines.NDJSON.url("\"http://a.test/\"")).isEqualTo("http://a.test/");
    assertThat(UrlLines.NDJSON.url("{\"url\": \"http://b.test/\"}")).isEqualTo("http://b.test/");
    assertThat(UrlLines.NDJSON.url("")).isNull();
  }

  @Test
  void anNdjsonLineThatIsNoUrlSaysWhatItMustBe() {
    assertThatThrownBy(() -> UrlLines.NDJSON.url("{\"url\": 5}")).isInstanceOf(UrlLines.BadLine.class)
        .hasMessageContaining("must be a JSON string or an object");
    assertThatThrownBy(() -> UrlLines.NDJSON.url("{\"url\": \"http://a.test/\", \"x\": 1}"))
        .isInstanceOf(UrlLines.BadLine.class);
    assertThatThrownBy(() -> UrlLines.NDJSON.url("http://a.test/")).isInstanceOf(UrlLines.BadLine.class)
        .hasMessage("is not valid JSON");
  }

  @Test
  void theFormatComesFromTheContentTypeWithoutItsParameters() {
    assertThat(UrlLines.of("text/uri-list; charset=utf-8")).isEqualTo(UrlLines.URI_LIST);
    assertThat(UrlLines.of("Application/X-NDJSON")).isEqualTo(UrlLines.NDJSON);
    assertThat(UrlLines.of("application/json")).isNull();
    assertThat(UrlLines.of(null)).isNull();
  }
}
