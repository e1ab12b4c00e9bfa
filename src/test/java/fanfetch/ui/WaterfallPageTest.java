package fanfetch.ui;

import fanfetch.model.ResultCsv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The web page in a real headless Chromium: it loads from a running node, runs jobs against a
 * test origin on 127.0.0.1, and what it shows (waterfall rows, summary, table, CSV) is checked
 * against the JSON report from {@code GET /jobs/{id}}. Screenshots go to
 * {@code <build directory>/screenshots}. Without Chromium and its driver the test is skipped, or
 * fails when the {@code CI} environment variable is set.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class WaterfallPageTest extends PageTest {

  // --- the tests --------------------------------------------------------------------------------

  @Test
  void parallelJobDrawsOneRowPerUrlAndTheSummaryMatchesTheReport() throws Exception {
    List<String> urls = List.of(
        origin.url("/delay/300"),
        origin.url("/bytes/1000"),
        origin.url("/delay/300/bytes/50000"),
        origin.url("/status/404"),
        "http://127.0.0.1:9/blocked-by-the-guard",
        "not a url");
    open(service);
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
    assertThat(text("speedup-note")).endsWith(report.getDouble("speedup") >= 1 ? "× faster than one after another."
        : "×: slower than one after another.");

    // The canvas shows every outcome's colour: blue (2xx), orange (404), vermillion (failures).
    Map<String, Long> colours = colourCounts("parallel");
    assertThat(colours.get("ok")).as("2xx bars (Okabe–Ito blue)").isPositive();
    assertThat(colours.get("http")).as("4xx bar (Okabe–Ito orange)").isPositive();
    assertThat(colours.get("fail")).as("failure markers (Okabe–Ito vermillion)").isPositive();

    // Hover: the 404 row's tooltip tells status and bytes.
    WebElement tooltip = driver.findElement(By.id("tooltip"));
    hoverRowUntil("parallel", 3, d -> tooltip.isDisplayed());
    assertThat(tooltip.getText()).contains("404").contains("bytes").contains(origin.url("/status/404"));
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
    assertThat(text("row-detail")).contains(origin.url("/bytes/1000")).contains("1,000 bytes");
    scroller.sendKeys(Keys.END);
    waitFor(Duration.ofSeconds(5), d -> text("row-detail").startsWith("row 6 of 6"));
    assertThat(text("row-detail")).contains("invalid_url");
    scroller.sendKeys(Keys.ESCAPE);

    // The page's CSV is the service's own (one encoder for the API, the page and the command line).
    String csv = pageCsv();
    assertThat(csv).isEqualTo(apiCsv(service, report.getString("id")));
    String[] lines = csv.split("\r?\n");
    assertThat(lines).hasSize(urls.size() + 1);
    assertThat(lines[0] + "\r\n").isEqualTo(ResultCsv.header());
    // (the run column is filled in compare mode only)
    fanfetch.testing.CsvColumns columns = new fanfetch.testing.CsvColumns(lines[0]);
    assertThat(lines[4]).startsWith("3," + origin.url("/status/404") + "," + origin.url("/status/404") + ",false,404,11,");
    assertThat(columns.cell(lines[4], "errorKind")).isEmpty();
    assertThat(columns.cell(lines[4], "errorPhase")).isEmpty();
    assertThat(columns.cell(lines[4], "run")).isEmpty();
    assertThat(columns.cell(lines[5], "errorKind")).isEqualTo("blocked");
    assertThat(columns.cell(lines[5], "errorPhase")).isEqualTo("connect");
    assertThat(columns.cell(lines[5], "run")).isEmpty();
    assertThat(driver.findElement(By.id("download-csv")).isEnabled()).isTrue();
    assertThat(driver.findElement(By.id("download-json")).isEnabled()).isTrue();

    nothingFromElsewhere();
    screenshot("waterfall.png");
  }

  @Test
  void compareJobStacksBothRunsOnOneTimeScale() throws Exception {
    List<String> urls = List.of(
        origin.url("/delay/300"),
        origin.url("/delay/300/bytes/20000"),
        origin.url("/delay/200"),
        origin.url("/bytes/1000"),
        origin.url("/status/404"),
        "http://127.0.0.1:9/blocked");
    open(service);
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
        .compile("Sequential ([\\d,.]+ ms) vs parallel ([\\d,.]+ ms): parallel was (?:(\\S+) faster|slower \\((\\S+)\\))\\.")
        .matcher(text("speedup-note"));
    assertThat(note.matches()).as("speedup note: %s", text("speedup-note")).isTrue();
    assertThat(parseMs(note.group(1))).isCloseTo(sequential.getDouble("durationMs"), within(0.051));
    assertThat(parseMs(note.group(2))).isCloseTo(parallel.getDouble("durationMs"), within(0.051));
    assertThat(note.group(3) != null ? note.group(3) : note.group(4)).isEqualTo(times(report.getDouble("speedup")));
    assertThat(note.group(3) != null).isEqualTo(report.getDouble("speedup") >= 1);
    checkRun("sequential", sequential);
    checkRun("parallel", parallel);

    checkRows("sequential", sequential.getJsonArray("results"), urls.size());
    checkRows("parallel", report.getJsonArray("results"), urls.size());

    // The service's CSV lists the report's results: in compare mode, the parallel run's.
    String csv = pageCsv();
    assertThat(csv).isEqualTo(apiCsv(service, report.getString("id")));
    List<String> lines = List.of(csv.split("\r?\n"));
    assertThat(lines).hasSize(urls.size() + 1);
    fanfetch.testing.CsvColumns columns = new fanfetch.testing.CsvColumns(lines.get(0));
    assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(columns.cell(l, "run")).isEqualTo("parallel"));

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
    List<String> urls = IntStream.range(0, n).mapToObj(i -> origin.url("/bytes/10")).toList();
    open(service);
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
    List<String> urls = List.of(origin.url("/delay/200"), origin.url("/bytes/100"), origin.url("/status/500"));
    open(keyedService);
    typeUrls(urls);
    driver.findElement(By.id("run")).click();
    WebElement error = driver.findElement(By.id("error"));
    waitFor(Duration.ofSeconds(10), d -> error.isDisplayed());
    assertThat(error.getText()).contains("Unauthorized").contains("API key");
    assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("api-key");

    driver.findElement(By.id("api-key")).sendKeys(API_KEY);
    driver.findElement(By.id("run")).click();
    JsonObject report = awaitReport(keyedService, SMALL_JOB);
    assertThat(error.isDisplayed()).isFalse();
    assertThat(attr("summary", "data-transport")).isEqualTo("fetch");
    checkSummary(report, urls.size());
    checkRows("parallel", report.getJsonArray("results"), urls.size());
  }

}
