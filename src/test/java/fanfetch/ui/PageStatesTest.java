package fanfetch.ui;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The page's states beyond a plain job, in headless Chromium: failed fetches drawn as the phases
 * that ran, the row filter, a cancelled job, a refused job, a job starting below the fold, and the
 * result fields the coordinator and fetcher add (shown when present). A screenshot per state.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class PageStatesTest extends PageTest {

  @Test
  void failuresAreDrawnAsThePhasesThatRanAndTheFilterShowsOnlyThem() throws Exception {
    List<String> urls = List.of(
        origin.url("/bytes/1000"),
        origin.url("/status/404"),
        origin.url("/hang"),
        "127.0.0.1:9/noscheme",
        "http://127.0.0.1:9/blocked",
        origin.url("/delay/100"));
    open(service);
    typeUrls(urls);
    setNumber("timeout", 800);
    driver.findElement(By.id("run")).click();
    JsonObject report = awaitReport(SMALL_JOB);
    JsonArray results = report.getJsonArray("results");
    JsonObject hung = results.getJsonObject(2);
    assertThat(hung.getJsonObject("error").getString("kind")).isEqualTo("timeout");
    assertThat(hung.getJsonObject("error").getString("phase")).isEqualTo("ttfb");

    // The timeout while waiting for the first byte is drawn as first byte, not as a wait for a connection.
    @SuppressWarnings("unchecked")
    Map<String, Object> phases = (Map<String, Object>) js("return FanfetchWaterfall.phasesOf(arguments[0]);", hung.getMap());
    double total = hung.getJsonObject("timings").getDouble("totalMs");
    // (What is left as wait is the fetch's own bookkeeping between phases: small, on a busy machine a few ms.)
    assertThat(((Number) phases.get("wait")).doubleValue()).isLessThan(total * 0.05);
    assertThat(((Number) phases.get("failedAt")).intValue()).isEqualTo(2);
    @SuppressWarnings("unchecked")
    List<Number> parts = (List<Number>) phases.get("parts");
    assertThat(parts.get(0).doubleValue() + parts.get(1).doubleValue() + parts.get(2).doubleValue()
        + ((Number) phases.get("wait")).doubleValue()).isCloseTo(total, within(1.0));
    // Failed results that carry the phases that ran (as the fetcher is to report them) are drawn as they are.
    @SuppressWarnings("unchecked")
    Map<String, Object> carried = (Map<String, Object>) js("return FanfetchWaterfall.phasesOf({error: {kind: 'timeout',"
        + " phase: 'ttfb'}, timings: {startMs: 0, dnsMs: 1, connectMs: 2, ttfbMs: 500, downloadMs: 0, totalMs: 510}});");
    assertThat(((List<?>) carried.get("parts")).stream().map(n -> ((Number) n).doubleValue()).toList())
        .containsExactly(1.0, 2.0, 500.0, 0.0);
    assertThat(((Number) carried.get("wait")).doubleValue()).isEqualTo(7.0);

    // The tooltip of the timed-out row says where it failed.
    WebElement tooltip = driver.findElement(By.id("tooltip"));
    hoverRowUntil("parallel", 2, d -> tooltip.isDisplayed());
    assertThat(tooltip.getText()).contains("timeout (ttfb)", "first byte ✕ failed here");
    // No wait for a connection to speak of (a millisecond or so of the fetch's bookkeeping at most).
    assertThat(tooltip.getText().lines().filter(line -> line.startsWith("waiting")))
        .allSatisfy(line -> assertThat(Double.parseDouble(line.replaceAll("[^0-9.]", ""))).isLessThan(total * 0.05));
    Files.copy(((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(),
        screenshots.resolve("failed-phases.png"), StandardCopyOption.REPLACE_EXISTING);
    new Actions(driver).moveToLocation(5, 5).perform();

    // URLs are shown as given: the one without a scheme does not look like a valid one.
    assertThat(js("return document.getElementById('waterfall-parallel').fanfetchWaterfall.labelText(3);"))
        .isEqualTo("127.0.0.1:9/noscheme");
    assertThat(results.getJsonObject(3).getJsonObject("error").getString("message"))
        .isEqualTo("not an absolute URL (no scheme): write http://127.0.0.1:9/noscheme");

    // The filter: failed fetches, then anything but 2xx, then all again; the table follows it.
    WebElement waterfall = driver.findElement(By.id("waterfall-parallel"));
    driver.findElement(By.id("show-failed")).click();
    waitFor(Duration.ofSeconds(5), d -> "3".equals(waterfall.getDomAttribute("data-shown")));
    assertThat(waterfall.getDomAttribute("data-drawn-count")).isEqualTo("3");
    openTable();
    waitFor(Duration.ofSeconds(5), d -> "3".equals(attr("results-table", "data-rows")));
    assertThat(tableIndices()).containsExactly("2", "3", "4");
    screenshot("filter-failed.png");
    driver.findElement(By.id("show-non-2xx")).click();
    waitFor(Duration.ofSeconds(5), d -> "4".equals(waterfall.getDomAttribute("data-shown")));
    waitFor(Duration.ofSeconds(5), d -> "4".equals(attr("results-table", "data-rows")));
    assertThat(tableIndices()).containsExactly("1", "2", "3", "4");
    // Hovering a filtered row shows that row's result, not the one at its position unfiltered.
    hoverRowUntil("parallel", 0, d -> tooltip.isDisplayed());
    assertThat(tooltip.getText()).contains(origin.url("/status/404"));
    new Actions(driver).moveToLocation(5, 5).perform();
    driver.findElement(By.id("show-all")).click();
    waitFor(Duration.ofSeconds(5), d -> "6".equals(waterfall.getDomAttribute("data-shown")));
    waitFor(Duration.ofSeconds(5), d -> "6".equals(attr("results-table", "data-rows")));
  }

  @Test
  void aCancelledJobSaysHowManyWereDoneAndCancelledAndClaimsNoSpeedup() throws Exception {
    List<String> urls = IntStream.range(0, 30)
        .mapToObj(i -> i < 6 ? origin.url("/bytes/" + (10 + i)) : origin.url("/hang")).toList();
    open(service);
    typeUrls(urls);
    setNumber("concurrency", 30);
    // The job form fills the first screen: the page brings the waterfall into view when the job starts.
    js("window.scrollTo(0, 0);");
    driver.findElement(By.id("run")).click();
    waitFor(SMALL_JOB, d -> "running".equals(attr("summary", "data-state")) && "6".equals(attr("summary", "data-completed")));
    waitFor(Duration.ofSeconds(5), d -> (Boolean) js("const r = document.getElementById('waterfalls').getBoundingClientRect();"
        + " return r.top >= 0 && r.top < window.innerHeight - 100;"));
    // A ratio while most URLs are still out is of those done so far: the label says so.
    assertThat(text("speedup-label")).isEqualTo("Speedup so far (sum ÷ wall)");
    Files.copy(((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(),
        screenshots.resolve("running-in-view.png"), StandardCopyOption.REPLACE_EXISTING);

    driver.findElement(By.id("cancel")).click();
    waitFor(SMALL_JOB, d -> "cancelled".equals(attr("summary", "data-state")));
    assertThat(text("count-done")).isEqualTo("6 done, 24 cancelled");
    assertThat(attr("summary", "data-cancelled")).isEqualTo("24");
    assertThat(text("speedup")).isEqualTo("–");
    assertThat(text("speedup-label")).isEqualTo("Speedup (sum ÷ wall)");
    assertThat(attr("summary", "data-speedup")).isNull();
    assertThat(text("count-failed")).isEqualTo("0");
    assertThat(text("speedup-note")).startsWith("Cancelled: 24 URLs were not fetched").doesNotContain("faster");
    assertThat(text("status")).endsWith("6 done, 24 cancelled.");
    screenshot("cancelled.png");
  }

  @Test
  void aRefusedJobSaysItsDetailOnce() throws Exception {
    open(service);
    typeUrls(List.of(origin.url("/bytes/1")));
    setNumber("concurrency", 999_999);
    driver.findElement(By.id("run")).click();
    WebElement error = driver.findElement(By.id("error"));
    waitFor(Duration.ofSeconds(10), d -> error.isDisplayed());
    String said = error.getText();
    assertThat(said).contains("The job was refused").contains("concurrency: must be between 1 and");
    assertThat(said.split("must be between", -1)).as(said).hasSize(2);
    screenshot("refused.png");
    // The browser logs the refusal (read here, so the check after each test does not count it).
    assertThat(driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll())
        .allSatisfy(entry -> assertThat(entry.getMessage()).contains("400 (Bad Request)"));
  }

  @Test
  void theFieldsTheServiceAddsShowInTheTooltipAndTheSummaryWhenPresent() throws Exception {
    List<String> urls = List.of(origin.url("/bytes/100"), origin.url("/delay/50"));
    open(service);
    typeUrls(urls);
    driver.findElement(By.id("run")).click();
    JsonObject report = awaitReport(SMALL_JOB);
    // Before the new fields exist, none of their lines shows.
    assertThat(driver.findElement(By.id("held-back")).isDisplayed()).isFalse();

    // The report as the coordinator and the fetcher are to send it.
    JsonObject first = report.getJsonArray("results").getJsonObject(0);
    first.put("httpVersion", "HTTP/1.1").put("remoteAddress", "127.0.0.1:" + origin.port()).put("connectionId", 7)
        .put("tls", new JsonObject().put("version", "TLSv1.3").put("cipher", "TLS_AES_128_GCM_SHA256"))
        .put("queueMs", 12.3).put("queuedBy", "perHost");
    report.getJsonObject("summary").put("heldBackBy",
        new JsonObject().put("limit", "perHost").put("ms", 40123.4).put("urls", 1984).put("value", 16));
    js("fanfetchUi.display(JSON.parse(arguments[0]));", report.encode());
    waitFor(Duration.ofSeconds(5), d -> driver.findElement(By.id("held-back")).isDisplayed());
    assertThat(text("held-back"))
        .isEqualTo("Most waiting was for perHost (16): 1,984 URLs waited 40,123.4 ms in all; raise Per host to lift it.");

    WebElement tooltip = driver.findElement(By.id("tooltip"));
    hoverRowUntil("parallel", 0, d -> tooltip.isDisplayed());
    assertThat(tooltip.getText()).contains("HTTP/1.1 · to 127.0.0.1:" + origin.port()
        + " · connection 7 · TLSv1.3 TLS_AES_128_GCM_SHA256 · queued 12.3 ms by perHost");
    Files.copy(((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(),
        screenshots.resolve("new-fields.png"), StandardCopyOption.REPLACE_EXISTING);
    new Actions(driver).moveToLocation(5, 5).perform();

    // A row without them shows none of it (this one's wait, if any, was the dispatch itself).
    JsonObject second = report.getJsonArray("results").getJsonObject(1);
    second.put("queueMs", 0.4).putNull("queuedBy");
    js("fanfetchUi.display(JSON.parse(arguments[0]));", report.encode());
    hoverRowUntil("parallel", 1, d -> tooltip.getText().contains(origin.url("/delay/50")));
    assertThat(tooltip.getText()).doesNotContain("queued").doesNotContain("connection 7");
    new Actions(driver).moveToLocation(5, 5).perform();
  }

  private static void openTable() {
    WebElement details = driver.findElement(By.id("table-details"));
    if (!Boolean.parseBoolean(String.valueOf(details.getDomProperty("open")))) {
      details.findElement(By.tagName("summary")).click();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> tableIndices() {
    return (List<String>) js("return Array.from(document.querySelectorAll('#results-body tr')).map(tr => tr.dataset.index);");
  }
}
