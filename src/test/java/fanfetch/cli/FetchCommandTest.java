package fanfetch.cli;

import fanfetch.testing.OriginAndNode;
import fanfetch.testing.TestOrigin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanfetch fetch} end to end, in this JVM, against a test origin on 127.0.0.1. */
class FetchCommandTest {

  /** The origin alone: {@code fetch} runs its own node in this JVM. */
  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.originOnly();

  /** The guard rule that opens the origin's plain port. */
  private static String allow() {
    return "127.0.0.1:" + fixture.origin().port();
  }

  @Test
  void aSuccessfulJobPrintsTheTableAndExitsZero() {
    Cli.Run run = Cli.run("fetch", "--allow", allow(), fixture.url("/bytes/100"), fixture.url("/delay/50"));

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).startsWith("URL").contains("STATUS", "BYTES", "TOTAL MS", "SHA-256", "ERROR");
    assertThat(lines[1]).startsWith(fixture.url("/bytes/100")).contains(" 200 ", " 100 ")
        .endsWith("  " + TestOrigin.sha256Of(100).substring(0, 12));
    assertThat(lines[2]).startsWith(fixture.url("/delay/50")).contains(" 200 ", " 3 ");
    assertThat(lines[3]).startsWith("2 URLs: 2 ok, 0 failed; 103 bytes in ");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void jsonIsTheWholeReport() {
    Cli.Run run = Cli.run("fetch", "--allow", allow(), "--output", "json", "--digest", "none",
        fixture.url("/bytes/10"), fixture.url("/stream/20"));

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    JsonObject report = new JsonObject(run.out());
    assertThat(report.getString("state")).isEqualTo("done");
    assertThat(report.getJsonObject("summary").getInteger("succeeded")).isEqualTo(2);
    JsonArray results = report.getJsonArray("results");
    assertThat(results.getJsonObject(0).getLong("bytes")).isEqualTo(10L);
    assertThat(results.getJsonObject(1).getLong("bytes")).isEqualTo(20L);
    assertThat(results.getJsonObject(0).getString("sha256")).isNull();
  }

  @Test
  void ndjsonIsOneResultPerLineInInputOrder() {
    Cli.Run run = Cli.run("fetch", "--allow", allow(), "-o", "ndjson",
        fixture.url("/delay/80"), fixture.url("/bytes/7"));

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(new JsonObject(lines[0]).getString("url")).isEqualTo(fixture.url("/delay/80"));
    assertThat(new JsonObject(lines[1]).getString("sha256")).isEqualTo(TestOrigin.sha256Of(7));
  }

  @Test
  void csvAndAFailingUrlExitsOne() {
    int closed = Cli.closedPort();
    Cli.Run run = Cli.run("fetch", "--allow", allow(), "--allow", "127.0.0.1:" + closed, "--output", "csv",
        fixture.url("/bytes/5"), fixture.url("/status/503"), "http://127.0.0.1:" + closed + "/x");

    assertThat(run.code()).as(run.err()).isEqualTo(1);
    String[] lines = run.out().split("\r\n");
    assertThat(lines[0] + "\r\n").isEqualTo(fanfetch.model.ResultCsv.header());
    assertThat(lines[1]).startsWith("0," + fixture.url("/bytes/5") + ",").contains(",true,200,5,")
        .contains("," + TestOrigin.sha256Of(5) + ",");
    fanfetch.testing.CsvColumns columns = new fanfetch.testing.CsvColumns(lines[0]);
    for (String column : List.of("errorKind", "errorMessage", "errorPhase", "run")) {
      assertThat(columns.cell(lines[1], column)).as(column).isEmpty();
    }
    assertThat(lines[2]).startsWith("1," + fixture.url("/status/503") + ",").contains(",false,503,");
    assertThat(lines[3]).startsWith("2,http://127.0.0.1:" + closed + "/x,").contains(",connect,");
  }

  @Test
  void theGuardStaysOnWithoutAllow() {
    Cli.Run run = Cli.run("fetch", "-o", "ndjson", fixture.url("/bytes/5"));

    assertThat(run.code()).isEqualTo(1);
    assertThat(new JsonObject(run.out().strip()).getJsonObject("error").getString("kind")).isEqualTo("blocked");
  }

  @Test
  void theTableSaysToOpenTheGuardWithTheAllowOption() {
    Cli.Run run = Cli.run("fetch", fixture.url("/bytes/5"));

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("blocked: " + allow() + " refused by the address guard")
        .contains("(open it with --allow " + allow() + ")").doesNotContain("guard.allow");
  }

  @Test
  void aOneUrlJobPrintsNoSpeedup() {
    Cli.Run run = Cli.run("fetch", "--allow", allow(), fixture.url("/bytes/5"));

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out().strip().lines().reduce((a, b) -> b).orElseThrow())
        .matches("1 URL: 1 ok, 0 failed; 5 bytes in \\d+\\.\\d ms");
  }

  @Test
  void withNoUrlsGivenAPipedStdinIsRead() {
    Cli.Run run = Cli.runWithStdin("# piped\n" + fixture.url("/bytes/5") + "\n" + fixture.url("/bytes/6") + "\n",
        "fetch", "--allow", allow(), "-o", "ndjson");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out().lines().map(l -> new JsonObject(l).getLong("bytes"))).containsExactly(5L, 6L);
  }

  @Test
  void anEmptyPipedStdinIsAUsageError() {
    Cli.Run run = Cli.runWithStdin("", "fetch", "--allow", allow());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("fanfetch fetch: give at least one URL, or -f FILE (stdin had none)\n");
  }

  @Test
  void urlsComeFromAFileAndOptionsReachTheJob(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("urls.txt");
    Files.writeString(file, "# two URLs\n" + fixture.url("/headers/cli") + "\n\n" + fixture.url("/redirect/2") + "\n");

    Cli.Run run = Cli.run("fetch", "--allow", allow(), "-f", file.toString(), "-o", "json",
        "-H", "X-Trace: cli-test", "--header", "Accept: application/json", "--no-follow-redirects",
        "--mode", "SEQUENTIAL", "--method", "get", "--timeout-ms", "5000", "--retries", "1");

    // The redirect is reported as is: a 302, not ok.
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    JsonObject report = new JsonObject(run.out());
    assertThat(report.getString("mode")).isEqualTo("sequential");
    assertThat(report.getJsonArray("results").getJsonObject(1).getInteger("status")).isEqualTo(302);
    assertThat(fixture.origin().lastRequestHeaders("/headers/cli").get("X-Trace")).isEqualTo("cli-test");
    assertThat(fixture.origin().lastRequestHeaders("/headers/cli").get("Accept")).isEqualTo("application/json");
  }

  @Test
  void compareModeRunsBothAndTheTableSaysSo() {
    Cli.Run run = Cli.run("fetch", "--allow", allow(), "--mode", "compare",
        fixture.url("/delay/100"), fixture.url("/delay/100"));

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("sequential ", "parallel is ");
  }

  @Test
  void aJobTheCoordinatorRefusesExitsTwoWithTheProblem() {
    Cli.Run run = Cli.run("fetch", "--allow", allow(), "--concurrency", "0", "--max-redirects", "999",
        fixture.url("/bytes/5"));

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("job refused (400", "concurrency: must be between 1", "maxRedirects: must be between 0");
  }

  @Test
  void aHeaderTheServiceRefusesExitsTwo() {
    Cli.Run run = Cli.run("fetch", "--allow", allow(), "-H", "Host: example.test", fixture.url("/bytes/5"));

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("headers.Host");
  }

  @Test
  void aMissingConfigFileExitsTwo(@TempDir Path dir) {
    Cli.Run run = Cli.run("fetch", "--conf", dir.resolve("missing.json").toString(), fixture.url("/bytes/5"));

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("bad configuration");
  }

  @Test
  void aConfigFileIsRead(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("conf.json");
    Files.writeString(conf, new JsonObject().put("guard", new JsonObject().put("allow", new JsonArray().add(allow())))
        .put("jobs", new JsonObject().put("defaults", new JsonObject().put("digest", "none"))).encode());

    Cli.Run run = Cli.run("fetch", "--conf", conf.toString(), "-o", "ndjson", fixture.url("/bytes/5"));

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(new JsonObject(run.out().strip()).getString("sha256")).isNull();
  }
}
