package fanfetch.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FastJsonTest {

  @Test
  void writesTheSameBytesAsVertx() {
    JsonObject result = new JsonObject()
        .put("index", 3).put("url", "http://127.0.0.1:1/a?b=\"c\"&d=\u00e9\u2028").put("ok", true)
        .put("bytes", 12_345_678_901L).put("sha256", (String) null)
        .put("timings", new JsonObject().put("startMs", 0.355).put("dnsMs", 0.0).put("ttfbMs", 1001.234)
            .put("totalMs", 1.0E-3).put("tiny", 4.9E-324).put("big", 1.7976931348623157E308))
        .put("history", new JsonArray().add(new JsonObject().put("attempt", 1).put("error", "reset")))
        .put("error", new JsonObject().put("kind", "timeout").put("message", "tab\there, newline\n"));

    String fast = new String(FastJson.encode(result), StandardCharsets.UTF_8);

    assertThat(fast).isEqualTo(result.encode());
    assertThat(new JsonObject(fast)).isEqualTo(result);
  }

  @Test
  void roundedTimingsReadBackExactly() {
    for (int i = 0; i < 10_000; i++) {
      double ms = Results.round(i * 0.137 + i / 7.0);
      JsonObject json = new JsonObject().put("ms", ms);

      assertThat(new JsonObject(new String(FastJson.encode(json), StandardCharsets.UTF_8)).getDouble("ms"))
          .isEqualTo(ms);
    }
  }
}
