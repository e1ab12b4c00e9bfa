package fanfetch.cli;

import fanfetch.testing.Child;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fanfetch jobs}, {@code fanfetch cancel} and what {@code submit} does when interrupted,
 * against a node started here on 127.0.0.1; the interrupted submits run in JVMs of their own.
 */
class JobsAndCancelCommandTest {

  private static final Duration RUN = Duration.ofSeconds(60);
  private static final Pattern SUBMITTED = Pattern.compile("job (\\w{26}) submitted; cancel with: fanfetch cancel \\1");

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  private static String server() {
    return "http://127.0.0.1:" + fixture.port();
  }

  private static String hangingJob(String tag) {
    return fixture.post("/jobs?wait=false").sendJsonObject(new JsonObject()
            .put("urls", new JsonArray().add(fixture.url("/hang?" + tag))).put("timeoutMs", 60_000))
        .await().bodyAsJsonObject().getString("id");
  }

  private static String state(String id) {
    return fixture.get("/jobs/" + id).send().await().bodyAsJsonObject().getString("state");
  }

  @Test
  void jobsListsTheServicesJobsNewestFirstAsATableOrJson() {
    String older = hangingJob("list-1");
    String newer = hangingJob("list-2");

    Cli.Run table = Cli.run("jobs", "--server", server());
    Cli.Run json = Cli.run("jobs", "--server", server(), "--limit", "1", "-o", "json");

    assertThat(table.code()).as(table.err()).isZero();
    List<String> lines = List.of(table.out().split("\n"));
    assertThat(lines.get(0)).startsWith("ID").contains("STATE", "MODE", "URLS", "DONE", "CREATED");
    assertThat(table.out().indexOf(newer)).isPositive().isLessThan(table.out().indexOf(older));
    assertThat(lines).anyMatch(l -> l.startsWith(newer) && l.contains("running") && l.contains("parallel"));
    JsonObject page = new JsonObject(json.out());
    assertThat(page.getJsonArray("jobs").getJsonObject(0).getString("id")).isEqualTo(newer);
    assertThat(page.getString("next")).isEqualTo(newer);
    fixture.delete("/jobs/" + older).send().await();
    fixture.delete("/jobs/" + newer).send().await();
  }

  @Test
  void cancelCancelsARunningJobAndAnUnknownOneExitsTwo() {
    String id = hangingJob("cancel");

    Cli.Run cancelled = Cli.run("cancel", "--server", server(), id);
    Cli.Run unknown = Cli.run("cancel", "--server", server(), "01JZZZZZZZZZZZZZZZZZZZZZZZ");

    assertThat(cancelled.code()).as(cancelled.err()).isZero();
    assertThat(cancelled.out()).isEqualTo("job " + id + " cancelled: 1 of 1 URLs had finished\n");
    assertThat(state(id)).isEqualTo("cancelled");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("404");
  }

  /** {@code fanfetch submit} of one hanging URL in a JVM of its own, interrupted once it told the job id. */
  private static String interruptedSubmit(String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("submit", "--server", server(), "--no-progress"));
    args.addAll(List.of(extra));
    args.add(fixture.url("/hang?submit-" + extra.length));
    try (Child submit = Child.start(Child.fanfetch(args.toArray(String[]::new)), Map.of())) {
      String told = Polling.until("the job id on stderr", RUN, Duration.ofMillis(100), submit::err,
          err -> SUBMITTED.matcher(err).find());
      Matcher id = SUBMITTED.matcher(told);
      assertThat(id.find()).isTrue();
      assertThat(new ProcessBuilder("kill", "-INT", Long.toString(submit.process().pid())).start().waitFor()).isZero();
      assertThat(submit.awaitExit(RUN)).isEqualTo(130);
      return id.group(1) + "\n" + submit.err();
    }
  }

  @Test
  void anInterruptedSubmitCancelsItsJob() throws Exception {
    String[] outcome = interruptedSubmit().split("\n", 2);

    assertThat(state(outcome[0])).isEqualTo("cancelled");
    assertThat(outcome[1]).contains("fanfetch submit: interrupted; job " + outcome[0] + " cancelled");
  }

  @Test
  void anInterruptedDetachedSubmitLeavesItsJobRunning() throws Exception {
    String[] outcome = interruptedSubmit("--detach").split("\n", 2);

    assertThat(state(outcome[0])).isEqualTo("running");
    assertThat(outcome[1]).doesNotContain("interrupted;");
    fixture.delete("/jobs/" + outcome[0]).send().await();
  }
}
