package fanfetch.ui;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web page in a real headless Chromium: it loads from a running node, runs jobs against a
 * test origin on 127.0.0.1, and what it shows (waterfall rows, summary, table, CSV) is checked
 * against the JSON report from {@code GET /jobs/{id}}. Screenshots go to
 * {@code <build directory>/screenshots}. Without Chromium and its driver the test is skipped, or
 * fails when the {@code CI} environment variable is set.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class WaterfallPageTest {

  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final Duration SMALL_JOB = Duration.ofSeconds(30);
  private static final String API_KEY = "ui-test-key";

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  /** A second node, which asks for an API key. */
  private static Node keyedNode;
  private static WebDriver driver;
  private static Path profile;
  private static Path screenshots;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws IOException {
    boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    if (!present) {
      String message = "the browser test needs /usr/bin/chromium and /usr/bin/chromedriver "
          + "(Debian packages chromium and chromium-driver)";
      if (System.getenv("CI") != null) {
        fail(message + "; CI is set, so their absence is a failure");
      }
      assumeTrue(false, message + "; skipped");
    }
    keyedNode = fixture.startNode((config, origin) ->
        config.put("auth", new JsonObject().put("apiKeys", new JsonArray().add(API_KEY))));

    String buildDir = System.getProperty("buildDirectory", System.getProperty("fanfetch.buildDir", "target"));
    screenshots = Path.of(buildDir).toAbsolutePath().resolve("screenshots");
    Files.createDirectories(screenshots);
    profile = Files.createTempDirectory("fanfetch-chromium-profile");

    // The driver and the browser are named explicitly, so Selenium Manager never looks for (or
    // downloads) either.
    ChromeDriverService driverService = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--disable-default-apps", "--force-device-scale-factor=1",
        "--window-size=1280,1000", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(driverService, options);
    driver.manage().window().setSize(new Dimension(1280, 1000));
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterEach
  void noErrorsInTheBrowser() {
    if (driver == null) {
      return;
    }
    List<String> severe = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      // 401 answers are expected where the test leaves the API key out on purpose
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !entry.getMessage().contains("401")) {
        severe.add(entry.getMessage());
      }
    }
    assertThat(severe).as("errors in the browser console").isEmpty();
  }

  // --- the tests --------------------------------------------------------------------------------

  @Test
  void parallelJobDrawsOneRowPerUrlAndTheSummaryMatchesTheReport() throws Exception {
    List<String> urls = List.of(
        fixture.url("/delay/300"),
        fixture.url("/bytes/1000"),
        fixture.url("/delay/300/bytes/50000"),
        fixture.url("/status/404"),
        "http://127.0.0.1:9/blocked-by-the-guard",
        "not a url");
    open(fixture.node());
    // Keyboard: Tab from the top of the page reaches the Run button, and Enter on it runs the job.
    WebElement run = tabTo("run");
    typeUrls(urls);
    chooseMode("parallel");
    setNumber("concurrency", 8);
    run.sendKeys(Keys.ENTER);

    JsonObject report = awaitReport(SMALL_JOB);
    assertThat(report.getString("mode")).isEqualTo("parallel");
    assertThat(attr("summary", "data-transport")).isEqualTo("eventsource");
    checkSummary(report, urls.size());
    checkRows("parallel", report.getJsonArray("results"), urls.size());

    JsonArray results = report.getJsonArray("results");
    assertThat(results.getJsonObject(0).getInteger("status")).isEqualTo(200);
    assertThat(results.getJsonObject(0).getJsonObject("timings").getDouble("totalMs")).isGreaterThanOrEqualTo(290.0);
    assertThat(results.getJsonObject(1).getLong("bytes")).isEqualTo(1000L);
    assertThat(results.getJsonObject(3).getInteger("status")).isEqualTo(404);
    assertThat(results.getJsonObject(4).getJsonObject("error").getString("kind")).isEqualTo("blocked");
    assertThat(results.getJsonObject(5).getJsonObject("error").getString("kind")).isEqualTo("invalid_url");
    assertThat(text("speedup-note")).contains("faster than one after another");

    // The canvas shows every outcome's colour: blue (2xx), orange (404), vermillion (failures).
    Map<String, Long> colours = colourCounts("parallel");
    assertThat(colours.get("ok")).as("2xx bars (Okabe–Ito blue)").isPositive();
    assertThat(colours.get("http")).as("4xx bar (Okabe–Ito orange)").isPositive();
    assertThat(colours.get("fail")).as("failure markers (Okabe–Ito vermillion)").isPositive();

    // Hover: the 404 row's tooltip tells status and bytes.
    hoverRow("parallel", 3);
    WebElement tooltip = driver.findElement(By.id("tooltip"));
    waitFor(Duration.ofSeconds(5), d -> tooltip.isDisplayed());
    assertThat(tooltip.getText()).contains("404").contains("bytes").contains(fixture.url("/status/404"));
    Files.copy(((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(), screenshots.resolve("tooltip.png"),
        StandardCopyOption.REPLACE_EXISTING);
    new Actions(driver).moveToLocation(5, 5).perform();

    // Keyboard in the waterfall: arrows select rows and the selection is announced.
    WebElement scroller = driver.findElement(By.cssSelector("#waterfall-parallel .wf-scroll"));
    js("arguments[0].focus();", scroller);
    waitFor(Duration.ofSeconds(5), d -> scroller.equals(driver.switchTo().activeElement()));
    // Keys go to the waterfall itself (WebElement.sendKeys focuses it first), so a focus change
    // elsewhere on the page (the live summary updating) cannot swallow them.
    scroller.sendKeys(Keys.ARROW_DOWN, Keys.ARROW_DOWN);
    waitFor(Duration.ofSeconds(10), d -> text("row-detail").startsWith("row 2 of 6"));
    assertThat(text("row-detail")).contains(fixture.url("/bytes/1000")).contains("1,000 bytes");
    scroller.sendKeys(Keys.END);
    waitFor(Duration.ofSeconds(5), d -> text("row-detail").startsWith("row 6 of 6"));
    assertThat(text("row-detail")).contains("invalid_url");
    scroller.sendKeys(Keys.ESCAPE);

    // CSV from the page's report: a header and one line per URL.
    String csv = (String) js("return fanfetchUi.toCsv(fanfetchUi.report());");
    String[] lines = csv.split("\r?\n");
    assertThat(lines).hasSize(urls.size() + 1);
    assertThat(lines[0]).isEqualTo("index,url,finalUrl,ok,status,bytes,contentType,sha256,redirects,attempts,node,"
        + "startMs,dnsMs,connectMs,tlsMs,ttfbMs,downloadMs,totalMs,reusedConnection,errorKind,errorMessage,errorPhase,run");
    assertThat(lines[4]).startsWith("3," + fixture.url("/status/404") + "," + fixture.url("/status/404") + ",false,404,11,")
        .endsWith(",parallel");
    assertThat(lines[5]).contains(",blocked,").endsWith(",connect,parallel");
    assertThat(driver.findElement(By.id("download-csv")).isEnabled()).isTrue();
    assertThat(driver.findElement(By.id("download-json")).isEnabled()).isTrue();

    nothingFromElsewhere();
    screenshot("waterfall.png");
  }

  @Test
  void compareJobStacksBothRunsOnOneTimeScale() throws Exception {
    List<String> urls = List.of(
        fixture.url("/delay/300"),
        fixture.url("/delay/300/bytes/20000"),
        fixture.url("/delay/200"),
        fixture.url("/bytes/1000"),
        fixture.url("/status/404"),
        "http://127.0.0.1:9/blocked");
    open(fixture.node());
    // The URLs come from a file this time (the same path as dropping one on the text area).
    Path list = Files.createTempFile(screenshots.getParent(), "urls", ".txt");
    Files.writeString(list, "# compare job\n" + String.join("\n", urls) + "\n");
    driver.findElement(By.id("url-file")).sendKeys(list.toString());
    waitFor(Duration.ofSeconds(5), d -> String.valueOf(urls.size()).equals(attr("url-count", "data-count")));
    Files.delete(list);
    assertThat(driver.findElement(By.id("urls")).getDomProperty("value")).contains(urls.get(0)).startsWith("# compare job");
    chooseMode("compare");
    setNumber("concurrency", 16);
    driver.findElement(By.id("run")).click();
    // While it runs: the sequential waterfall grows row by row.
    waitFor(SMALL_JOB, d -> !"idle".equals(attr("summary", "data-state"))
        && Integer.parseInt(String.valueOf(js("return document.getElementById('waterfall-sequential') ? "
        + "Number(document.getElementById('waterfall-sequential').dataset.rows || 0) : 0;"))) >= 2);
    if ("running".equals(attr("summary", "data-state"))) {
      Files.copy(((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(), screenshots.resolve("running.png"),
          StandardCopyOption.REPLACE_EXISTING);
    }

    JsonObject report = awaitReport(SMALL_JOB);
    assertThat(report.getString("mode")).isEqualTo("compare");
    JsonObject sequential = report.getJsonObject("sequential");
    JsonObject parallel = report.getJsonObject("parallel");

    // Two waterfalls, sequential above parallel, on the same scale (which holds the longer run).
    List<WebElement> waterfalls = driver.findElements(By.cssSelector("#waterfalls .waterfall"));
    assertThat(waterfalls).extracting(w -> w.getDomAttribute("data-run")).containsExactly("sequential", "parallel");
    assertThat(waterfalls.get(0).getLocation().getY()).isLessThan(waterfalls.get(1).getLocation().getY());
    String scale = waterfalls.get(0).getDomAttribute("data-scale-ms");
    assertThat(waterfalls.get(1).getDomAttribute("data-scale-ms")).isEqualTo(scale);
    assertThat(Double.parseDouble(scale)).isGreaterThanOrEqualTo(sequential.getDouble("durationMs"));

    // Top-level numbers (the parallel run's, speedup = sequential / parallel wall time).
    checkSummary(report, urls.size());
    java.util.regex.Matcher note = java.util.regex.Pattern
        .compile("Sequential ([\\d,.]+ ms) vs parallel ([\\d,.]+ ms): parallel was (\\S+) faster\\.")
        .matcher(text("speedup-note"));
    assertThat(note.matches()).as("speedup note: %s", text("speedup-note")).isTrue();
    assertThat(parseMs(note.group(1))).isCloseTo(sequential.getDouble("durationMs"), within(0.051));
    assertThat(parseMs(note.group(2))).isCloseTo(parallel.getDouble("durationMs"), within(0.051));
    assertThat(note.group(3)).isEqualTo(times(report.getDouble("speedup")));
    checkRun("sequential", sequential);
    checkRun("parallel", parallel);

    checkRows("sequential", sequential.getJsonArray("results"), urls.size());
    checkRows("parallel", report.getJsonArray("results"), urls.size());

    String csv = (String) js("return fanfetchUi.toCsv(fanfetchUi.report());");
    List<String> lines = List.of(csv.split("\r?\n"));
    assertThat(lines).hasSize(2 * urls.size() + 1);
    assertThat(lines.subList(1, urls.size() + 1)).allSatisfy(l -> assertThat(l).endsWith(",sequential"));
    assertThat(lines.subList(urls.size() + 1, lines.size())).allSatisfy(l -> assertThat(l).endsWith(",parallel"));

    nothingFromElsewhere();
    screenshot("compare.png");
    ((ChromeDriver) driver).executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    screenshot("compare-dark.png");
    ((ChromeDriver) driver).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
  }

  @Test
  void aLargeJobIsDrawnVirtuallyAndStaysResponsive() throws Exception {
    int n = Integer.getInteger("fanfetch.ui.largeJob", 10_000);
    List<String> urls = IntStream.range(0, n).mapToObj(i -> fixture.url("/bytes/10")).toList();
    open(fixture.node());
    js("const t = document.getElementById('urls'); t.value = arguments[0]; t.dispatchEvent(new Event('input'));",
        String.join("\n", urls));
    assertThat(text("url-count")).isEqualTo(String.format(Locale.US, "%,d URLs", n));
    chooseMode("parallel");
    setNumber("concurrency", 256);
    setNumber("per-host", 64);
    long started = System.nanoTime();
    driver.findElement(By.id("run")).click();
    JsonObject report = awaitReport(Duration.ofSeconds(120));
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(report.getJsonObject("summary").getInteger("total")).isEqualTo(n);
    assertThat(attr("summary", "data-completed")).isEqualTo(String.valueOf(n));
    assertThat(attr("summary", "data-succeeded")).isEqualTo(String.valueOf(report.getJsonObject("summary").getInteger("succeeded")));
    assertThat(attr("summary", "data-speedup")).isEqualTo(number(report.getDouble("speedup")));
    WebElement waterfall = driver.findElement(By.id("waterfall-parallel"));
    waitFor(Duration.ofSeconds(5), d -> String.valueOf(n).equals(waterfall.getDomAttribute("data-rows")));
    // Only the visible rows are drawn.
    int drawn = Integer.parseInt(waterfall.getDomAttribute("data-drawn-count"));
    assertThat(drawn).isBetween(5, 60);

    // End scrolls to the last row; it is drawn and announced.
    WebElement scroller = waterfall.findElement(By.cssSelector(".wf-scroll"));
    scroller.sendKeys(Keys.END);
    waitFor(Duration.ofSeconds(5), d -> String.valueOf(n - 1).equals(waterfall.getDomAttribute("data-drawn-last")));
    assertThat(text("row-detail")).startsWith(String.format(Locale.US, "row %,d of %,d", n, n));

    // The accessible table is rendered on request, a page at a time.
    driver.findElement(By.cssSelector("#table-details > summary")).click();
    waitFor(Duration.ofSeconds(10), d -> "500".equals(attr("results-table", "data-rows")));
    assertThat(text("table-shown")).isEqualTo(String.format(Locale.US, "Showing 500 of %,d rows.", n));
    driver.findElement(By.id("table-more")).click();
    waitFor(Duration.ofSeconds(10), d -> "1000".equals(attr("results-table", "data-rows")));

    // The page still answers at once.
    long before = System.nanoTime();
    js("return document.querySelectorAll('#results-body tr').length;");
    assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(2_000);
    System.out.printf("WaterfallPageTest: %d URLs submitted, streamed and drawn in %d ms%n", n, tookMs);
    screenshot("large.png");
  }

  @Test
  void withApiKeysThePageSendsTheKeyAndStreamsWithFetch() throws Exception {
    List<String> urls = List.of(fixture.url("/delay/200"), fixture.url("/bytes/100"), fixture.url("/status/500"));
    open(keyedNode);
    typeUrls(urls);
    driver.findElement(By.id("run")).click();
    WebElement error = driver.findElement(By.id("error"));
    waitFor(Duration.ofSeconds(10), d -> error.isDisplayed());
    assertThat(error.getText()).contains("Unauthorized").contains("API key");
    assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("api-key");

    driver.findElement(By.id("api-key")).sendKeys(API_KEY);
    driver.findElement(By.id("run")).click();
    JsonObject report = awaitReport(keyedNode, SMALL_JOB);
    assertThat(error.isDisplayed()).isFalse();
    assertThat(attr("summary", "data-transport")).isEqualTo("fetch");
    checkSummary(report, urls.size());
    checkRows("parallel", report.getJsonArray("results"), urls.size());
  }

  // --- page helpers -----------------------------------------------------------------------------

  private static void open(Node node) {
    driver.get("http://127.0.0.1:" + node.port() + "/");
    waitFor(Duration.ofSeconds(10), d -> js("return typeof window.fanfetchUi === 'object';").equals(Boolean.TRUE));
    driver.manage().window().setSize(new Dimension(1280, 1000));
  }

  private static void typeUrls(List<String> urls) {
    WebElement area = driver.findElement(By.id("urls"));
    area.clear();
    area.sendKeys(String.join("\n", urls));
    waitFor(Duration.ofSeconds(5), d -> String.valueOf(urls.size()).equals(attr("url-count", "data-count")));
  }

  private static void chooseMode(String mode) {
    driver.findElement(By.id("mode-" + mode)).click();
  }

  private static void setNumber(String id, int value) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(String.valueOf(value));
  }

  /** On a freshly loaded page: presses Tab until the element with this id has the focus. */
  private static WebElement tabTo(String id) {
    assertThat(js("return document.activeElement === document.body;")).isEqualTo(Boolean.TRUE);
    Actions actions = new Actions(driver);
    for (int i = 0; i < 20; i++) {
      actions.sendKeys(Keys.TAB).perform();
      WebElement active = driver.switchTo().activeElement();
      if (id.equals(active.getDomAttribute("id"))) {
        return active;
      }
    }
    throw new AssertionError("Tab never reached #" + id);
  }

  /** Waits for the page to show the job as done, then fetches its report from the API. */
  private static JsonObject awaitReport(Duration timeout) throws Exception {
    return awaitReport(fixture.node(), timeout);
  }

  private static JsonObject awaitReport(Node node, Duration timeout) throws Exception {
    waitFor(timeout, d -> "done".equals(attr("summary", "data-state")));
    String id = attr("summary", "data-job-id");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/jobs/" + id))
        .timeout(Duration.ofSeconds(30));
    if (node == keyedNode) {
      request.header("Authorization", "Bearer " + API_KEY);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject report = new JsonObject(response.body());
    assertThat(report.getString("state")).isEqualTo("done");
    return report;
  }

  /** The summary element: data attributes equal the report's numbers, the text shows them rounded. */
  private static void checkSummary(JsonObject report, int urls) {
    JsonObject summary = report.getJsonObject("summary");
    JsonArray results = report.getJsonArray("results");
    assertThat(summary.getInteger("total")).isEqualTo(urls);
    assertThat(attr("summary", "data-job-id")).isEqualTo(report.getString("id"));
    assertThat(attr("summary", "data-total")).isEqualTo(String.valueOf(urls));
    assertThat(attr("summary", "data-completed")).isEqualTo(String.valueOf(summary.getInteger("completed")));
    assertThat(attr("summary", "data-succeeded")).isEqualTo(String.valueOf(summary.getInteger("succeeded")));
    assertThat(attr("summary", "data-failed")).isEqualTo(String.valueOf(summary.getInteger("failed")));
    assertThat(attr("summary", "data-bytes")).isEqualTo(String.valueOf(summary.getLong("bytes")));
    assertThat(attr("summary", "data-wall-ms")).isEqualTo(number(report.getDouble("durationMs")));
    assertThat(attr("summary", "data-sum-ms")).isEqualTo(number(report.getDouble("fetchTimeSumMs")));
    assertThat(attr("summary", "data-speedup")).isEqualTo(number(report.getDouble("speedup")));

    assertThat(parseMs(text("wall-time"))).isCloseTo(report.getDouble("durationMs"), within(0.051));
    assertThat(parseMs(text("fetch-sum"))).isCloseTo(report.getDouble("fetchTimeSumMs"), within(0.051));
    assertThat(text("speedup")).isEqualTo(times(report.getDouble("speedup")));
    assertThat(text("count-done")).isEqualTo(urls + " / " + urls);

    long ok = count(results, r -> r.getJsonObject("error") == null && Boolean.TRUE.equals(r.getBoolean("ok")));
    long http = count(results, r -> r.getJsonObject("error") == null && !Boolean.TRUE.equals(r.getBoolean("ok")));
    long failed = count(results, r -> r.getJsonObject("error") != null);
    assertThat(text("count-ok")).isEqualTo(String.valueOf(ok));
    assertThat(text("count-http")).isEqualTo(String.valueOf(http));
    assertThat(text("count-failed")).isEqualTo(String.valueOf(failed));
    assertThat(attr("summary", "data-http-errors")).isEqualTo(String.valueOf(http));
    assertThat(attr("summary", "data-errors")).isEqualTo(String.valueOf(failed));
  }

  private static void checkRun(String run, JsonObject block) {
    WebElement row = driver.findElement(By.id("summary-" + run));
    assertThat(row.getDomAttribute("data-wall-ms")).isEqualTo(number(block.getDouble("durationMs")));
    assertThat(row.getDomAttribute("data-sum-ms")).isEqualTo(number(block.getDouble("fetchTimeSumMs")));
    assertThat(row.getDomAttribute("data-speedup")).isEqualTo(number(block.getDouble("speedup")));
    assertThat(parseMs(row.findElement(By.className("wall")).getText())).isCloseTo(block.getDouble("durationMs"), within(0.051));
    assertThat(row.findElement(By.className("ratio")).getText()).isEqualTo(times(block.getDouble("speedup")));
    assertThat(row.findElement(By.className("ok")).getText())
        .isEqualTo(String.valueOf(block.getJsonObject("summary").getInteger("succeeded")));
  }

  /** The waterfall holds one row per URL, and the accessible table agrees with the report row by row. */
  private static void checkRows(String run, JsonArray results, int urls) {
    WebElement waterfall = driver.findElement(By.id("waterfall-" + run));
    waitFor(Duration.ofSeconds(5), d -> String.valueOf(urls).equals(waterfall.getDomAttribute("data-rows")));
    assertThat(waterfall.getDomAttribute("data-total")).isEqualTo(String.valueOf(urls));
    assertThat(waterfall.getDomAttribute("data-drawn-count")).isEqualTo(String.valueOf(urls));
    assertThat(results).hasSize(urls);

    WebElement details = driver.findElement(By.id("table-details"));
    if (details.getDomProperty("open") == null || !Boolean.parseBoolean(details.getDomProperty("open"))) {
      details.findElement(By.tagName("summary")).click();
    }
    waitFor(Duration.ofSeconds(5), d -> !driver.findElements(By.cssSelector("#results-body tr[data-run='" + run + "']")).isEmpty());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) js(
        "return Array.from(document.querySelectorAll('#results-body tr[data-run=\"' + arguments[0] + '\"]'))"
            + ".map(tr => ({index: tr.dataset.index, status: tr.dataset.status, bytes: tr.dataset.bytes,"
            + " totalMs: tr.dataset.totalMs, error: tr.dataset.error, url: tr.querySelector('.url').textContent}));", run);
    assertThat(rows).hasSize(urls);
    for (Map<String, Object> row : rows) {
      JsonObject r = results.getJsonObject(Integer.parseInt((String) row.get("index")));
      JsonObject error = r.getJsonObject("error");
      assertThat(row.get("url")).isEqualTo(r.getString("url"));
      assertThat(row.get("status")).isEqualTo(r.getValue("status") == null ? "" : String.valueOf(r.getInteger("status")));
      assertThat(row.get("bytes")).isEqualTo(String.valueOf(r.getLong("bytes")));
      assertThat(row.get("totalMs")).isEqualTo(number(r.getJsonObject("timings").getDouble("totalMs")));
      assertThat(row.get("error")).isEqualTo(error == null ? "" : error.getString("kind"));
    }
  }

  /** Pixels of the waterfall's canvas in each outcome colour (Okabe–Ito blue, orange, vermillion). */
  private static Map<String, Long> colourCounts(String run) {
    @SuppressWarnings("unchecked")
    Map<String, Long> counts = (Map<String, Long>) js(
        "const c = document.querySelector('#waterfall-' + arguments[0] + ' canvas');"
            + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            + "const near = (i, r, g, b) => Math.abs(d[i]-r) + Math.abs(d[i+1]-g) + Math.abs(d[i+2]-b) < 24;"
            + "const n = {ok: 0, http: 0, fail: 0};"
            + "for (let i = 0; i < d.length; i += 4) {"
            + "  if (near(i, 0x00, 0x72, 0xb2)) n.ok++; else if (near(i, 0xe6, 0x9f, 0x00)) n.http++;"
            + "  else if (near(i, 0xd5, 0x5e, 0x00)) n.fail++; }"
            + "return n;", run);
    return counts;
  }

  private static void hoverRow(String run, int index) {
    @SuppressWarnings("unchecked")
    List<Number> point = (List<Number>) js(
        "const s = document.querySelector('#waterfall-' + arguments[0] + ' .wf-scroll');"
            + "s.scrollIntoView({block: 'center'});"
            + "const r = s.getBoundingClientRect();"
            + "return [Math.round(r.left + r.width * 0.7), Math.round(r.top + 1 + FanfetchWaterfall.AXIS_H"
            + " + (arguments[1] + 0.5) * FanfetchWaterfall.ROW_H - s.scrollTop)];", run, index);
    new Actions(driver).moveToLocation(point.get(0).intValue(), point.get(1).intValue()).perform();
  }

  /** Every resource the page loaded came from the service itself. */
  private static void nothingFromElsewhere() {
    @SuppressWarnings("unchecked")
    List<String> names = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)"
        + ".concat([location.href]);");
    String base = driver.getCurrentUrl().replaceAll("^(https?://[^/]+)/.*$", "$1/");
    assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith(base));
  }

  private static void screenshot(String name) throws IOException {
    Dimension size = driver.manage().window().getSize();
    long height = (Long) js("return Math.ceil(document.documentElement.scrollHeight);");
    // Tall enough for the whole page, so the screenshot shows everything at once.
    driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(4000, Math.max(size.getHeight(), height))));
    js("window.scrollTo(0, 0); return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));");
    File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
    Path target = screenshots.resolve(name);
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    driver.manage().window().setSize(size);
    assertThat(Files.size(target)).isPositive();
  }

  // --- small helpers ----------------------------------------------------------------------------

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static String attr(String id, String name) {
    return driver.findElement(By.id(id)).getDomAttribute(name);
  }

  private static String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static void waitFor(Duration timeout, java.util.function.Function<WebDriver, Boolean> condition) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
    wait.withMessage(() -> "page state: summary " + describe("summary") + ", row detail '" + safeText("row-detail")
        + "', status '" + safeText("status") + "', error '" + safeText("error") + "', focus "
        + js("return document.activeElement ? document.activeElement.outerHTML.slice(0, 60) : null;")
        + ", waterfalls " + js("return Array.from(document.querySelectorAll('.waterfall')).map(w => JSON.stringify(w.dataset)).join(' ');"));
    wait.until(condition::apply);
  }

  private static String describe(String id) {
    try {
      return String.valueOf(js("return JSON.stringify(document.getElementById(arguments[0]).dataset);", id));
    } catch (RuntimeException e) {
      return "(" + e.getClass().getSimpleName() + ")";
    }
  }

  private static String safeText(String id) {
    try {
      return String.valueOf(js("return document.getElementById(arguments[0]).textContent;", id));
    } catch (RuntimeException e) {
      return "(" + e.getClass().getSimpleName() + ")";
    }
  }

  private static long count(JsonArray results, java.util.function.Predicate<JsonObject> test) {
    return IntStream.range(0, results.size()).mapToObj(results::getJsonObject).filter(test).count();
  }

  /** How JavaScript writes a number (String(v)): no trailing ".0". */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
  }

  /** "1,234.5 ms" → 1234.5 */
  private static double parseMs(String text) {
    return Double.parseDouble(text.replace(" ms", "").replace(",", "").trim());
  }

  private static String times(double value) {
    return String.format(Locale.US, "%.2f×", value);
  }

}
