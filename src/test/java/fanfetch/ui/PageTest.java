package fanfetch.ui;

import fanfetch.app.Service;
import fanfetch.testing.ServiceFixture;
import fanfetch.testing.TestOrigin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
 * What the browser tests of the web page share: a node (and one that needs an API key) serving
 * the page, a test origin on 127.0.0.1, a headless Chromium driven through its driver, and helpers
 * that read the page. Screenshots go to {@code <build directory>/screenshots}. Without Chromium
 * and its driver the tests are skipped, or fail when the {@code CI} environment variable is set.
 */
abstract class PageTest {

  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  static final Duration SMALL_JOB = Duration.ofSeconds(30);
  static final String API_KEY = "ui-test-key";

  private static Vertx vertx;
  static TestOrigin origin;
  static Service service;
  static Service keyedService;
  static WebDriver driver;
  private static Path profile;
  static Path screenshots;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
    vertx = Vertx.vertx();
    origin = TestOrigin.start(vertx).await();
    service = ServiceFixture.start(vertx, ServiceFixture.configFor(origin)).await();
    JsonObject keyed = ServiceFixture.configFor(origin)
        .put("auth", new JsonObject().put("apiKeys", new JsonArray().add(API_KEY)));
    keyedService = ServiceFixture.start(vertx, keyed).await();

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
    if (vertx != null) {
      vertx.close().await();
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

  // --- page helpers -----------------------------------------------------------------------------

  /** What the page's Download CSV makes, as text. */
  static String pageCsv() {
    // Base64 of the UTF-8 bytes: the driver's transport would turn the CSV's CR LF into LF.
    Object csv = ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + " fanfetchUi.csv().then(t => done(btoa(String.fromCharCode(...new TextEncoder().encode(t)))),"
            + " e => done('failed: ' + e.message));");
    assertThat(csv).isInstanceOf(String.class);
    assertThat((String) csv).doesNotStartWith("failed: ");
    return new String(java.util.Base64.getDecoder().decode((String) csv), java.nio.charset.StandardCharsets.UTF_8);
  }

  static String apiCsv(Service node, String id) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.port() + "/jobs/" + id)).header("Accept", "text/csv").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  static void open(Service node) {
    driver.get("http://127.0.0.1:" + node.port() + "/");
    waitFor(Duration.ofSeconds(10), d -> js("return typeof window.fanfetchUi === 'object';").equals(Boolean.TRUE));
    driver.manage().window().setSize(new Dimension(1280, 1000));
  }

  static void typeUrls(List<String> urls) {
    WebElement area = driver.findElement(By.id("urls"));
    area.clear();
    area.sendKeys(String.join("\n", urls));
    waitFor(Duration.ofSeconds(5), d -> String.valueOf(urls.size()).equals(attr("url-count", "data-count")));
  }

  static void chooseMode(String mode) {
    driver.findElement(By.id("mode-" + mode)).click();
  }

  static void setNumber(String id, int value) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(String.valueOf(value));
  }

  /** On a freshly loaded page: presses Tab until the element with this id has the focus. */
  static WebElement tabTo(String id) {
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
  static JsonObject awaitReport(Duration timeout) throws Exception {
    return awaitReport(service, timeout);
  }

  static JsonObject awaitReport(Service node, Duration timeout) throws Exception {
    waitFor(timeout, d -> "done".equals(attr("summary", "data-state")));
    String id = attr("summary", "data-job-id");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/jobs/" + id))
        .timeout(Duration.ofSeconds(30));
    if (node == keyedService) {
      request.header("Authorization", "Bearer " + API_KEY);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject report = new JsonObject(response.body());
    assertThat(report.getString("state")).isEqualTo("done");
    return report;
  }

  /** The summary element: data attributes equal the report's numbers, the text shows them rounded. */
  static void checkSummary(JsonObject report, int urls) {
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

  static void checkRun(String run, JsonObject block) {
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
  static void checkRows(String run, JsonArray results, int urls) {
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
  static Map<String, Long> colourCounts(String run) {
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

  /**
   * Points at row {@code index} of a run's waterfall until {@code shown} holds. Each look points
   * anew: the page may move under a resting pointer (a table re-drawn below, a scroll), and only a
   * move over the rows shows their tooltip.
   */
  static void hoverRowUntil(String run, int index, java.util.function.Function<WebDriver, Boolean> shown) {
    waitFor(Duration.ofSeconds(5), d -> {
      hoverRow(run, index);
      return shown.apply(d);
    });
  }

  static void hoverRow(String run, int index) {
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
  static void nothingFromElsewhere() {
    @SuppressWarnings("unchecked")
    List<String> names = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)"
        + ".concat([location.href]);");
    String base = driver.getCurrentUrl().replaceAll("^(https?://[^/]+)/.*$", "$1/");
    assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith(base));
  }

  static void screenshot(String name) throws IOException {
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

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  static String attr(String id, String name) {
    return driver.findElement(By.id(id)).getDomAttribute(name);
  }

  static String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  static void waitFor(Duration timeout, java.util.function.Function<WebDriver, Boolean> condition) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
    wait.withMessage(() -> "page state: summary " + describe("summary") + ", row detail '" + safeText("row-detail")
        + "', status '" + safeText("status") + "', error '" + safeText("error") + "', focus "
        + js("return document.activeElement ? document.activeElement.outerHTML.slice(0, 60) : null;")
        + ", waterfalls " + js("return Array.from(document.querySelectorAll('.waterfall')).map(w => JSON.stringify(w.dataset)).join(' ');"));
    wait.until(condition::apply);
  }

  static String describe(String id) {
    try {
      return String.valueOf(js("return JSON.stringify(document.getElementById(arguments[0]).dataset);", id));
    } catch (RuntimeException e) {
      return "(" + e.getClass().getSimpleName() + ")";
    }
  }

  static String safeText(String id) {
    try {
      return String.valueOf(js("return document.getElementById(arguments[0]).textContent;", id));
    } catch (RuntimeException e) {
      return "(" + e.getClass().getSimpleName() + ")";
    }
  }

  static long count(JsonArray results, java.util.function.Predicate<JsonObject> test) {
    return IntStream.range(0, results.size()).mapToObj(results::getJsonObject).filter(test).count();
  }

  /** How JavaScript writes a number (String(v)): no trailing ".0". */
  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
  }

  /** "1,234.5 ms" → 1234.5 */
  static double parseMs(String text) {
    return Double.parseDouble(text.replace(" ms", "").replace(",", "").trim());
  }

  static String times(double value) {
    return String.format(Locale.US, "%.2f×", value);
  }

}
