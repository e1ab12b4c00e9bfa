package fanfetch.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void withNoDelayTheDemoAnswersAtOnceAndEveryFetchSucceeds() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = Demo.run(0, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(code).as(out).isZero();
    assertThat(out).contains("each after 0 ms");
    assertThat(out.lines().filter(l -> l.startsWith("  200 ")).count()).as(out).isEqualTo(8);
    assertThat(out).doesNotContain("error").doesNotContain("Exception");
    assertThat(out.strip().lines().reduce((a, b) -> b).orElseThrow())
        .matches("sequential \\d+ ms vs parallel \\d+ ms: parallel (is \\d+\\.\\d\\dx faster|was slower this time "
            + "\\(\\d\\.\\d\\dx\\))\\.");
  }

  @Test
  void aDelayOutsideTheRangeIsRefusedBeforeAnythingStarts() {
    assertThatThrownBy(() -> Demo.run(-1, System.out)).hasMessage("--delay-ms must be from 0 to 60000, got -1");
  }

  @Test
  void whenEveryFetchSucceedsTheLastLineSaysHowMuchFasterParallelWas() {
    assertThat(Demo.conclusion(4085.4, 1010.5, 8, Map.of()))
        .isEqualTo("sequential 4085 ms vs parallel 1011 ms: parallel is 4.04x faster.");
    assertThat(Demo.conclusion(40, 50, 8, Map.of()))
        .isEqualTo("sequential 40 ms vs parallel 50 ms: parallel was slower this time (0.80x).");
  }

  @Test
  void whenFetchesFailTheLastLineSaysSoInsteadOfASpeedup() {
    assertThat(Demo.conclusion(150_000, 37_500, 8, Map.of("timeout", 8)))
        .isEqualTo("sequential 150000 ms vs parallel 37500 ms, but 8 of 8 fetches failed (timeout × 8): "
            + "that compares failures, not fetches.")
        .doesNotContain("faster");
  }

  @Test
  void failuresAreCountedByKindOrStatusOverBothRuns() {
    JsonObject sequential = report(ok(), failed("timeout"), http(404));
    JsonObject parallel = report(ok(), failed("timeout"), failed("connect"));
    assertThat(Demo.failureKinds(sequential, parallel))
        .containsExactly(Map.entry("HTTP 404", 1), Map.entry("connect", 1), Map.entry("timeout", 2));
    assertThat(Demo.failureKinds(report(ok(), ok()))).isEmpty();
  }

  private static JsonObject report(JsonObject... results) {
    return new JsonObject().put("results", new JsonArray(java.util.List.of((Object[]) results)));
  }

  private static JsonObject ok() {
    return new JsonObject().put("ok", true).put("status", 200);
  }

  private static JsonObject http(int status) {
    return new JsonObject().put("ok", false).put("status", status);
  }

  private static JsonObject failed(String kind) {
    return new JsonObject().put("ok", false).put("error", new JsonObject().put("kind", kind));
  }
}
