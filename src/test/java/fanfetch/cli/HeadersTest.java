package fanfetch.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeadersTest {

  @Test
  void nameAndValueAreSplitAtTheFirstColonAndTrimmed() {
    assertThat(Headers.parse("Accept: application/pdf")).isEqualTo(new Headers.Header("Accept", "application/pdf"));
    assertThat(Headers.parse("  X-Id :  a:b:c  ")).isEqualTo(new Headers.Header("X-Id", "a:b:c"));
    assertThat(Headers.parse("X-Plain:value")).isEqualTo(new Headers.Header("X-Plain", "value"));
  }

  @Test
  void anEmptyValueIsAllowed() {
    assertThat(Headers.parse("X-Empty:")).isEqualTo(new Headers.Header("X-Empty", ""));
  }

  @Test
  void malformedHeadersAreRefusedWithAReason() {
    assertThatThrownBy(() -> Headers.parse("Accept application/pdf")).hasMessageContaining("expected 'Name: value'");
    assertThatThrownBy(() -> Headers.parse(": value")).hasMessageContaining("no header name");
    assertThatThrownBy(() -> Headers.parse("Bad Name: v")).hasMessageContaining("not a valid header name");
    assertThatThrownBy(() -> Headers.parse("Bäd: v")).hasMessageContaining("not a valid header name");
    assertThatThrownBy(() -> Headers.parse("X-A: one\r\nX-B: two")).hasMessageContaining("CR, LF or NUL");
  }

  @Test
  void headersBecomeTheJobSpecObject() {
    JsonObject json = Headers.toJson(List.of(Headers.parse("Accept: text/html"), Headers.parse("X-Trace: 1")));
    assertThat(json).isEqualTo(new JsonObject().put("Accept", "text/html").put("X-Trace", "1"));
  }

  @Test
  void aNameGivenTwiceInAnyCaseIsRefused() {
    assertThatThrownBy(() -> Headers.toJson(List.of(Headers.parse("Accept: a"), Headers.parse("accept: b"))))
        .hasMessageContaining("'accept' is given more than once");
  }
}
