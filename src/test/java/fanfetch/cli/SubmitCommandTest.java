package fanfetch.cli;

import fanfetch.testing.OriginAndNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanfetch submit} end to end against services started in this test on 127.0.0.1. */
class SubmitCommandTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  private static String securedServer;

  @BeforeAll
  static void startASecuredNode() {
    // A second node, on its own Vert.x (each node owns its event bus), that needs an API key.
    securedServer = "http://127.0.0.1:" + fixture.startNode((config, origin) ->
        config.put("auth", new JsonObject().put("apiKeys", new JsonArray().add("cli-key")))).port();
  }

  /** The base URL of the fixture's node. */
  private static String server() {
    return "http://127.0.0.1:" + fixture.port();
  }

  @Test
  void aJobIsSubmittedFollowedAndPrinted() {
    Cli.Run run = Cli.run("submit", "--server", server(), fixture.url("/bytes/100"), fixture.url("/delay/300"));

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[1]).startsWith(fixture.url("/bytes/100")).contains(" 200 ", " 100 ");
    assertThat(lines[2]).startsWith(fixture.url("/delay/300")).contains(" 200 ");
    assertThat(lines[3]).startsWith("2 URLs: 2 ok, 0 failed");
  }

  @Test
  void eachOutputFormatWorksOverHttp() {
    Cli.Run json = Cli.run("submit", "-s", server() + "/", "-o", "json", fixture.url("/bytes/3"));
    assertThat(json.code()).as(json.err()).isEqualTo(0);
    assertThat(new JsonObject(json.out()).getJsonArray("results").getJsonObject(0).getLong("bytes")).isEqualTo(3L);

    Cli.Run ndjson = Cli.run("submit", "-s", server(), "-o", "ndjson",
        fixture.url("/bytes/3"), fixture.url("/bytes/4"));
    assertThat(ndjson.out().split("\n")).hasSize(2);

    Cli.Run csv = Cli.run("submit", "-s", server(), "-o", "csv", fixture.url("/bytes/3"));
    assertThat(csv.out()).startsWith(fanfetch.model.ResultCsv.header() + "0," + fixture.url("/bytes/3") + ","
        + fixture.url("/bytes/3") + ",true,200,3,");
  }

  /** The command line's CSV of a report is, byte for byte, what the API answers for that job. */
  @Test
  void theCsvIsTheApisCsv() throws Exception {
    Cli.Run json = Cli.run("submit", "-s", server(), "-o", "json", fixture.url("/bytes/3"), fixture.url("/status/404"),
        "http://127.0.0.1:9/x,\"quoted\"");
    JsonObject report = new JsonObject(json.out());
    java.net.http.HttpResponse<String> api = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server() + "/jobs/" + report.getString("id")))
            .header("Accept", "text/csv").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(ReportOutput.render(OutputFormat.CSV, report, ReportOutput.Context.PLAIN)).isEqualTo(api.body());
  }

  @Test
  void aFileOfUrlsIsStreamedAsAUriListWithItsOptionsAndTheJobIdIsToldAtOnce(@org.junit.jupiter.api.io.TempDir
                                                                             java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("urls.txt");
    StringBuilder urls = new StringBuilder("# 1,500 URLs: two chunks of the store\n");
    for (int i = 0; i < 1_500; i++) {
      urls.append(fixture.url("/bytes/" + (i % 7 + 1))).append('\n');
    }
    java.nio.file.Files.writeString(file, urls);

    Cli.Run run = Cli.run("submit", "--server", server(), "-f", file.toString(), "-o", "json", "--concurrency", "64",
        "--per-host", "64", "--digest", "none", "-H", "X-From-File: yes");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    JsonObject report = new JsonObject(run.out());
    assertThat(report.getJsonArray("results")).hasSize(1_500);
    assertThat(report.getJsonArray("results").getJsonObject(1_499).getLong("bytes")).isEqualTo(1_499 % 7 + 1);
    assertThat(report.getJsonArray("results").getJsonObject(0).getValue("sha256")).as("--digest none").isNull();
    assertThat(run.err()).startsWith("job " + report.getString("id") + " submitted; cancel with: fanfetch cancel "
        + report.getString("id"));
  }

  @Test
  void aFailingUrlExitsOne() {
    Cli.Run run = Cli.run("submit", "--server", server(), "-o", "ndjson",
        fixture.url("/bytes/1"), fixture.url("/status/500"));

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out().split("\n")).hasSize(2);
  }

  @Test
  void compareModeIsFollowedToTheEnd() {
    Cli.Run run = Cli.run("submit", "--server", server(), "--mode", "compare", "-o", "json",
        fixture.url("/delay/100"), fixture.url("/delay/100"));

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    JsonObject report = new JsonObject(run.out());
    assertThat(report.getJsonObject("sequential").getJsonArray("results")).hasSize(2);
    assertThat(report.getJsonArray("results")).hasSize(2);
  }

  @Test
  void aRefusedJobExitsTwoWithTheProblemDetail() {
    Cli.Run run = Cli.run("submit", "--server", server(), "--per-host", "0", fixture.url("/bytes/1"));

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("job refused (400 Invalid job)", "perHost: must be between 1");
  }

  @Test
  void anUnreachableServerExitsTwo() {
    Cli.Run run = Cli.run("submit", "--server", "http://127.0.0.1:" + Cli.closedPort(), fixture.url("/bytes/1"));

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("cannot reach http://127.0.0.1:");
  }

  @Test
  void withApiKeysTheKeyIsNeededAndSent() {
    Cli.Run without = Cli.run("submit", "--server", securedServer, fixture.url("/bytes/1"));
    assertThat(without.code()).isEqualTo(2);
    assertThat(without.err()).contains("401", "Authorization: Bearer");

    Cli.Run wrong = Cli.run("submit", "--server", securedServer, "--api-key", "not-it", fixture.url("/bytes/1"));
    assertThat(wrong.code()).isEqualTo(2);

    Cli.Run with = Cli.run("submit", "--server", securedServer, "--api-key", "cli-key", fixture.url("/bytes/1"));
    assertThat(with.code()).as(with.err()).isEqualTo(0);
    assertThat(with.out()).contains("1 URL: 1 ok, 0 failed");
  }
}
