package fanfetch.faults;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import fanfetch.testing.TestOrigin;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets stay out of logs and reports: jobs whose URLs carry userinfo ({@code user:s3cret@}) and
 * whose headers carry {@code Authorization: Bearer sekr1t-token} run, failing in every way they can
 * (connect, reset, timeout, dns, invalid URL, protocol, redirects to blocked or odd places, retries,
 * cancel), with every java.util.logging record captured at level ALL (fanfetch's debug lines
 * included). No record and no report holds either secret, and every record about a job names it.
 */
class LogHygieneTest {

  private static final String PASSWORD = "s3cret";
  private static final String TOKEN = "sekr1t-token";
  private static final String USERINFO = "user:" + PASSWORD + "@";
  /** Sent only in tasks put straight on the event bus (no job parser in the way). */
  private static final String BUS_TOKEN = "bus-sekr1t-token";
  private static final String BUS_JOB = "direct-bus-job-" + java.util.UUID.randomUUID();
  private static List<JsonObject> busResults;

  /** Held strongly: java.util.logging keeps loggers only weakly, and would forget their level. */
  private static final List<Logger> TUNED = new ArrayList<>();
  private static final List<Level> TUNED_WAS = new ArrayList<>();
  private static final ConcurrentLinkedQueue<LogRecord> RECORDS = new ConcurrentLinkedQueue<>();
  private static final Handler CAPTURE = new Handler() {
    @Override
    public void publish(LogRecord record) {
      RECORDS.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  private static FaultOrigin faults;
  private static Socket portHolder;
  private static int refusedPort;

  /** Registered first, so every record is captured from before the servers start. */
  @RegisterExtension
  @Order(1)
  static final BeforeAllCallback captureEveryRecord = context -> startCapturing();

  /**
   * The polite origin and the node; the node's guard also opens a fault origin (resets, silence,
   * odd heads, redirects to secret-bearing places) and a port that refuses connections, both made
   * here as the node is configured.
   */
  @RegisterExtension
  @Order(2)
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, polite) -> {
    faults = FaultOrigin.start();
    portHolder = new Socket();
    portHolder.bind(new InetSocketAddress("127.0.0.1", 0));
    refusedPort = portHolder.getLocalPort();
    int f = faults.port();
    String withSecret = "http://" + USERINFO + "127.0.0.1:";
    faults.on("/reset", FaultOrigin.Exchange::reset)
        .on("/silent", x -> x.holdOpen(20_000))
        .on("/silent-until-cancelled", x -> x.holdOpen(60_000))
        .on("/huge-head", x -> x.send("HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat(40_000) + "\r\nContent-Length: 0\r\n\r\n"))
        .on("/short-body", x -> x.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc").close())
        .on("/to-secret-ok", x -> redirect(x, withSecret + polite.port() + "/bytes/5"))
        .on("/to-secret-blocked", x -> redirect(x, "http://" + USERINFO + "127.0.0.1:" + portOutsideTheGuard() + "/x"))
        .on("/to-secret-ftp", x -> redirect(x, "ftp://" + USERINFO + "127.0.0.1:" + f + "/x"))
        .on("/to-secret-loop", x -> redirect(x, withSecret + f + "/to-secret-loop"))
        .on("/to-secret-bad", x -> redirect(x, "http://" + USERINFO + "[not-an-address/x"));
    config.getJsonObject("guard").getJsonArray("allow").add("127.0.0.1:" + f).add("127.0.0.1:" + refusedPort);
    config.getJsonObject("coordinator").put("retryBaseMs", 10).put("retryMaxMs", 20);
    // The API's gates log too: one stream at a time (a second is refused), bodies due within half a second.
    config.getJsonObject("http").put("maxStreams", 1).put("bodyTimeoutMs", 500);
  });

  private static final List<String> jobIds = new ArrayList<>();
  /** Every report and problem answer, as the client received it (raw text). */
  private static final List<String> answers = new ArrayList<>();

  @BeforeAll
  static void runJobsWithSecrets() throws Exception {
    TestOrigin polite = fixture.origin();
    Node node = fixture.node();
    int f = faults.port();
    String withSecret = "http://" + USERINFO + "127.0.0.1:";

    // 1. Every failure kind the fetcher has, each URL with userinfo, the job with a bearer token and a retry.
    JsonArray urls = new JsonArray()
        .add(withSecret + polite.port() + "/bytes/10")
        .add(withSecret + refusedPort + "/refused")
        .add(withSecret + f + "/reset")
        .add(withSecret + f + "/silent")
        .add(withSecret + f + "/huge-head")
        .add(withSecret + f + "/short-body")
        .add("http://" + USERINFO + "no-such-host.fanfetch.invalid/x")
        .add("http://" + USERINFO + "bad host/x")
        .add("ftp://" + USERINFO + "127.0.0.1:" + f + "/x")
        .add(withSecret + f + "/to-secret-ok")
        .add(withSecret + f + "/to-secret-blocked")
        .add(withSecret + f + "/to-secret-ftp")
        .add(withSecret + f + "/to-secret-loop")
        .add(withSecret + f + "/to-secret-bad")
        .add("https://" + USERINFO + "localhost:" + polite.tlsPort() + "/bytes/3");
    run(secretJob(urls).put("timeoutMs", 800).put("retries", 1).put("maxRedirects", 2));

    // 2. The same in sequential and compare mode.
    JsonArray few = new JsonArray().add(withSecret + polite.port() + "/bytes/11").add(withSecret + f + "/reset")
        .add(withSecret + refusedPort + "/refused");
    run(secretJob(few).put("mode", "sequential"));
    run(secretJob(few).put("mode", "compare"));

    // 3. A job accepted without waiting, then cancelled while its fetch hangs.
    String id = node.accept(secretJob(new JsonArray().add(withSecret + f + "/silent-until-cancelled")
        .add(withSecret + f + "/silent-until-cancelled")).put("mode", "sequential").put("timeoutMs", 60_000));
    jobIds.add(id);
    waitForHit(faults, "/silent-until-cancelled", 20);
    answers.add(node.cancel(id).encode());
    answers.add(node.report(id).bodyAsString());

    // 4. A refused job (a reserved header next to the token): the problem answer must not echo the token.
    HttpResponse<Buffer> refused = node.post(secretJob(new JsonArray().add(withSecret + f + "/reset"))
        .put("headers", new JsonObject().put("Authorization", "Bearer " + TOKEN).put("Connection", "close")));
    assertThat(refused.statusCode()).isEqualTo(400);
    answers.add(refused.bodyAsString());

    // 5. Tasks sent straight to the fetchers, as a coordinator (or anything on the bus) might: a
    // credential with a control character, a forbidden character beside a credential, and an
    // innocent task with the same credential, in one batch.
    jobIds.add(BUS_JOB);
    busResults = fanfetch.testing.FetcherFixture.on(fixture.vertx()).run(List.of(
        fanfetch.testing.FetcherFixture.task(BUS_JOB, 0, polite.url("/bytes/20"),
            java.util.Map.of("Authorization", "Bearer " + BUS_TOKEN + "\u000b")),
        fanfetch.testing.FetcherFixture.task(BUS_JOB, 1, polite.url("/bytes/21"),
            java.util.Map.of("X-Tag", "a\u000b" + BUS_TOKEN, "Authorization", "Bearer " + BUS_TOKEN)),
        fanfetch.testing.FetcherFixture.task(BUS_JOB, 2, polite.url("/bytes/22"),
            java.util.Map.of("Authorization", "Bearer " + BUS_TOKEN))));
    busResults.forEach(result -> answers.add(result.encode()));

    // 6. The API's own refusals: a stream over the cap, and a body (with a bearer token in its head) that stalls.
    String streamed = node.accept(secretJob(new JsonArray().add(withSecret + f + "/silent-until-cancelled"))
        .put("timeoutMs", 60_000));
    jobIds.add(streamed);
    try (fanfetch.testing.RawClient first = fanfetch.testing.RawClient.connect(node.port(), 0);
         fanfetch.testing.RawClient second = fanfetch.testing.RawClient.connect(node.port(), 0);
         fanfetch.testing.RawClient body = fanfetch.testing.RawClient.connect(node.port(), 0)) {
      String events = fanfetch.testing.RawClient.head("GET", "/jobs/" + streamed + "/events",
          "Authorization: Bearer " + TOKEN + "\r\n");
      assertThat(first.send(events).readUntilClosed(1_000, 4096).status()).isEqualTo(200);
      fanfetch.testing.RawClient.Read refusedStream = second.send(events).readUntilClosed(3_000, 4096);
      assertThat(refusedStream.status()).isEqualTo(429);
      answers.add(refusedStream.text());
      fanfetch.testing.RawClient.Read late = body.send(fanfetch.testing.RawClient.head("POST", "/jobs",
              "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"))
          .send("{\"urls\": [\"http://" + USERINFO + "127.0.0.1/\"").readUntilClosed(10_000, 4096);
      assertThat(late.status()).isEqualTo(408);
      answers.add(late.text());
      answers.add(node.cancel(streamed).encode());
    }

    System.out.printf("LOGS captured %d records: %d from fanfetch loggers, %d at WARNING or above; jobs %s%n",
        RECORDS.size(), RECORDS.stream().filter(r -> String.valueOf(r.getLoggerName()).startsWith("fanfetch")).count(),
        RECORDS.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).count(), jobIds);
  }

  @AfterAll
  static void stop() throws IOException {
    if (faults != null) {
      faults.close();
    }
    if (portHolder != null) {
      portHolder.close();
    }
    Logger.getLogger("").removeHandler(CAPTURE);
    for (int i = 0; i < TUNED.size(); i++) {
      TUNED.get(i).setLevel(TUNED_WAS.get(i));
    }
  }

  private static void startCapturing() {
    CAPTURE.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(CAPTURE);
    tune("fanfetch", Level.ALL);
    tune("io.vertx", Level.FINE);
  }

  private static void tune(String name, Level level) {
    Logger logger = Logger.getLogger(name);
    TUNED.add(logger);
    TUNED_WAS.add(logger.getLevel());
    logger.setLevel(level);
  }

  private static int portOutsideTheGuard() {
    return fixture.port(); // the API's own port: loopback, not in guard.allow
  }

  private static void redirect(FaultOrigin.Exchange x, String location) throws IOException {
    x.send("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n");
  }

  private static JsonObject secretJob(JsonArray urls) {
    return new JsonObject().put("urls", urls.copy())
        .put("headers", new JsonObject().put("Authorization", "Bearer " + TOKEN).put("X-Note", "log hygiene"));
  }

  private static void run(JsonObject spec) {
    Node node = fixture.node();
    HttpResponse<Buffer> answer = node.post(spec);
    assertThat(answer.statusCode()).as("POST /jobs answered %s", answer.bodyAsString()).isEqualTo(200);
    JsonObject report = answer.bodyAsJsonObject();
    jobIds.add(report.getString("id"));
    answers.add(answer.bodyAsString());
    answers.add(node.report(report.getString("id")).bodyAsString());
  }

  private static void waitForHit(FaultOrigin origin, String path, int atMostSeconds) {
    Polling.await("the hanging fetch at " + path + " reached the origin", Duration.ofSeconds(atMostSeconds),
            Duration.ofMillis(20))
        .until(() -> origin.hits(path), hits -> hits > 0);
    assertThat(origin.hits(path)).as("the hanging fetch reached the origin").isPositive();
  }

  /** The record as an operator would read it: logger, level, formatted message, and any stack trace. */
  private static String text(LogRecord record) {
    String message = record.getMessage() == null ? "" : record.getMessage();
    if (record.getParameters() != null && record.getParameters().length > 0) {
      try {
        message = MessageFormat.format(message, record.getParameters());
      } catch (IllegalArgumentException e) {
        message = message + " " + java.util.Arrays.toString(record.getParameters());
      }
    }
    StringBuilder text = new StringBuilder()
        .append(record.getLoggerName()).append(' ').append(record.getLevel()).append(' ').append(message);
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      text.append('\n').append(trace);
    }
    return text.toString();
  }

  private static List<String> records() {
    List<String> texts = new ArrayList<>();
    for (LogRecord record : RECORDS) {
      texts.add(text(record));
    }
    return texts;
  }

  @Test
  void fanfetchDebugLinesAboutTheJobsWereCaptured() {
    // Guards the other tests against passing vacuously (no logging captured at all).
    assertThat(RECORDS).anySatisfy(record -> {
      assertThat(record.getLoggerName()).startsWith("fanfetch.");
      assertThat(record.getLevel().intValue()).isLessThan(Level.INFO.intValue());
      assertThat(record.getMessage()).contains(jobIds.get(0));
    });
  }

  /** Where the secret occurs in the texts: 60 characters either side of each occurrence. */
  private static List<String> occurrences(List<String> texts, String secret) {
    List<String> found = new ArrayList<>();
    for (String text : texts) {
      for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
        found.add("…" + text.substring(Math.max(0, at - 60), Math.min(text.length(), at + secret.length() + 60)) + "…");
      }
    }
    return found;
  }

  @Test
  void theApiGatesLoggedARefusedStreamNamingItsJobAndATimedOutBody() {
    List<String> texts = records();
    assertThat(texts).anySatisfy(text -> assertThat(text).contains("refused").contains(jobIds.get(jobIds.size() - 1)));
    assertThat(texts).anySatisfy(text -> assertThat(text).contains("answered 408"));
  }

  @Test
  void noLogRecordHoldsThePasswordFromAUrl() {
    assertThat(RECORDS).as("captured records").isNotEmpty();
    assertThat(occurrences(records(), PASSWORD)).isEmpty();
  }

  @Test
  void tasksSentStraightOnTheBusWithForbiddenHeaderCharactersFailAloneAndTheRestRuns() {
    assertThat(busResults).hasSize(3);
    for (int i = 0; i < 2; i++) {
      JsonObject error = busResults.get(i).getJsonObject("error");
      assertThat(error).as("result %s", i).isNotNull();
      assertThat(error.getString("kind")).isEqualTo("protocol");
    }
    assertThat(busResults.get(2).getBoolean("ok")).as("%s", busResults.get(2)).isTrue();
  }

  @Test
  void noLogRecordHoldsAHeaderValueOfATaskSentStraightOnTheBus() {
    assertThat(RECORDS).as("captured records").isNotEmpty();
    assertThat(occurrences(records(), BUS_TOKEN)).isEmpty();
    assertThat(occurrences(answers, BUS_TOKEN)).isEmpty();
  }

  @Test
  void noLogRecordHoldsTheBearerToken() {
    assertThat(RECORDS).as("captured records").isNotEmpty();
    assertThat(occurrences(records(), TOKEN)).isEmpty();
  }

  @Test
  void noReportHoldsThePasswordFromAUrl() {
    assertThat(answers).isNotEmpty();
    assertThat(occurrences(answers, PASSWORD)).isEmpty();
  }

  @Test
  void noReportOrProblemAnswerHoldsTheBearerToken() {
    assertThat(answers).isNotEmpty();
    assertThat(occurrences(answers, TOKEN)).isEmpty();
  }

  @Test
  void noRequestToAnOriginCarriesThePasswordFromItsUrl() {
    String basic = java.util.Base64.getEncoder().encodeToString(("user:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<String> heads = faults.requestHeads();

    assertThat(heads).as("requests the fault origin received").isNotEmpty();
    assertThat(occurrences(heads, PASSWORD)).isEmpty();
    assertThat(occurrences(heads, basic)).isEmpty();
  }

  @Test
  void originFaultsLogNothingAtWarningOrAboveWithoutTheirJob() {
    List<String> unattributed = RECORDS.stream()
        .filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
        .filter(record -> !String.valueOf(record.getLoggerName()).endsWith("BlockedThreadChecker"))
        .map(LogHygieneTest::text)
        .filter(text -> jobIds.stream().noneMatch(text::contains))
        .toList();

    assertThat(unattributed).isEmpty();
  }

  @Test
  void everyLogRecordThatMentionsAJobNamesItsId() {
    List<String> aboutJobs = records().stream()
        .filter(text -> text.toLowerCase(Locale.ROOT).contains("job"))
        .toList();

    assertThat(aboutJobs).isNotEmpty()
        .allMatch(text -> jobIds.stream().anyMatch(text::contains), "names one of the jobs " + jobIds);
  }
}
