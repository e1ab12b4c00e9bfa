package fanfetch.fetcher;

import fanfetch.guard.TargetUrl;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import fanfetch.protocol.ResultBatch;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a fetch gathers for its result, fed plain values: no event loop, no connection. */
class FetchResultTest {

  private static final JsonObject TIMINGS = new JsonObject().put(Results.TOTAL_MS, 1.5);

  /** A connection that was never opened: no address, id, version, TLS or re-sends to tell. */
  private static HopConnector noConnection() {
    return new HopConnector(null, null, new PhaseClock(0), null);
  }

  private static TargetUrl url(String text) throws TargetUrl.InvalidUrlException {
    return TargetUrl.parse(text);
  }

  @Test
  void anAnsweredFetchReportsItsStatusTypeBytesDigestAndVersion() throws Exception {
    FetchResult result = new FetchResult("node-1");
    result.hop(url("http://example.test/a"));
    result.headArrived(HttpVersion.HTTP_1_1);
    BodyMeter meter = new BodyMeter(100, true);
    meter.accept(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
    result.answered(200, "text/plain", "120", meter);

    ResultBatch.Entry entry = result.entry(7, TIMINGS, null, noConnection());

    assertThat(entry.sendId()).isEqualTo(7);
    assertThat(entry.retryAfterMs()).as("a 200's Retry-After is not read").isNull();
    assertThat(entry.outOfFiles()).isFalse();
    JsonObject json = entry.result();
    assertThat(json.fieldNames()).containsExactly(Results.FINAL_URL, Results.OK, Results.STATUS, Results.BYTES,
        Results.CONTENT_TYPE, Results.SHA256, Results.REDIRECTS, Results.NODE, Results.TIMINGS, Results.ERROR,
        Results.HTTP_VERSION, Results.REMOTE_ADDRESS, Results.CONNECTION_ID, Results.TLS);
    assertThat(json.getString(Results.FINAL_URL)).isEqualTo("http://example.test/a");
    assertThat(json.getBoolean(Results.OK)).isTrue();
    assertThat(json.getInteger(Results.STATUS)).isEqualTo(200);
    assertThat(json.getLong(Results.BYTES)).isEqualTo(5L);
    assertThat(json.getString(Results.CONTENT_TYPE)).isEqualTo("text/plain");
    assertThat(json.getString(Results.SHA256))
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(json.getInteger(Results.REDIRECTS)).isZero();
    assertThat(json.getString(Results.NODE)).isEqualTo("node-1");
    assertThat(json.getJsonObject(Results.TIMINGS)).isEqualTo(TIMINGS);
    assertThat(json.getValue(Results.ERROR)).isNull();
    assertThat(json.getString(Results.HTTP_VERSION)).isEqualTo("HTTP/1.1");
  }

  @Test
  void aFailedFetchIsNotOkAndHasNoDigestThoughItsBodyWasCounted() throws Exception {
    FetchResult result = new FetchResult("n");
    result.hop(url("http://example.test/"));
    BodyMeter meter = new BodyMeter(100, true);
    meter.accept(ByteBuffer.wrap(new byte[3]));
    result.answered(200, null, null, meter);
    JsonObject error = Results.error(ErrorKind.RESET, "connection reset", "download");

    JsonObject json = result.entry(1, TIMINGS, error, noConnection()).result();

    assertThat(json.getBoolean(Results.OK)).isFalse();
    assertThat(json.getLong(Results.BYTES)).isEqualTo(3L);
    assertThat(json.getValue(Results.SHA256)).isNull();
    assertThat(json.getJsonObject(Results.ERROR)).isEqualTo(error);
  }

  @Test
  void aFetchThatNeverGotAnAnswerHasNoUrlStatusOrBytes() {
    JsonObject json = new FetchResult("n").entry(1, TIMINGS, Results.error(ErrorKind.INVALID_URL, "bad", "connect"),
        noConnection()).result();

    assertThat(json.getValue(Results.FINAL_URL)).isNull();
    assertThat(json.getValue(Results.STATUS)).isNull();
    assertThat(json.getLong(Results.BYTES)).isZero();
    assertThat(json.getValue(Results.HTTP_VERSION)).isNull();
    assertThat(json.getValue(Results.TLS)).isNull();
  }

  @Test
  void onlyA429OrA503TellsTheCoordinatorWhenToAskAgain() throws Exception {
    for (int status : new int[] {429, 503}) {
      FetchResult result = new FetchResult("n");
      result.hop(url("http://example.test/"));
      result.answered(status, null, "120", new BodyMeter(10, false));
      assertThat(result.entry(1, TIMINGS, null, noConnection()).retryAfterMs()).isEqualTo(120_000L);
    }
    assertThat(FetchResult.backsOff(500)).isFalse();
    assertThat(FetchResult.backsOff(200)).isFalse();
  }

  @Test
  void followedRedirectsAreCountedAndTheLastHopIsTheFinalUrl() throws Exception {
    FetchResult result = new FetchResult("n");
    result.hop(url("http://example.test/a"));
    Redirect first = result.redirect(301, "/b", 5);
    result.hop(first.next());
    Redirect second = result.redirect(302, "/c", 5);
    result.hop(second.next());
    result.answered(200, null, null, new BodyMeter(10, false));

    JsonObject json = result.entry(1, TIMINGS, null, noConnection()).result();

    assertThat(json.getInteger(Results.REDIRECTS)).isEqualTo(2);
    assertThat(json.getString(Results.FINAL_URL)).isEqualTo("http://example.test/c");
    assertThat(json.getInteger(Results.STATUS)).isEqualTo(200);
  }

  @Test
  void aRedirectNotFollowedGivesTheResultItsStatusAndIsNotCounted() throws Exception {
    FetchResult result = new FetchResult("n");
    result.hop(url("http://example.test/a"));

    Redirect refused = result.redirect(308, "/b", 0);

    assertThat(refused.next()).isNull();
    assertThat(refused.refusal()).isEqualTo(ErrorKind.TOO_MANY_REDIRECTS);
    JsonObject json = result.entry(1, TIMINGS, Results.error(refused.refusal(), refused.message(), "download"),
        noConnection()).result();
    assertThat(json.getInteger(Results.STATUS)).isEqualTo(308);
    assertThat(json.getInteger(Results.REDIRECTS)).isZero();
    assertThat(json.getBoolean(Results.OK)).isFalse();
  }

  @Test
  void aNewHopForgetsThePreviousResponsesVersion() throws Exception {
    FetchResult result = new FetchResult("n");
    result.hop(url("http://example.test/a"));
    result.headArrived(HttpVersion.HTTP_2);
    result.hop(result.redirect(301, "/b", 5).next());

    JsonObject json = result.entry(1, TIMINGS, Results.error(ErrorKind.RESET, "reset", "connect"), noConnection())
        .result();

    assertThat(json.getValue(Results.HTTP_VERSION)).as("no response yet on the new hop, no connection").isNull();
  }

  @Test
  void credentialsStayWithTheUrlsOriginAndAreDroppedOnceARedirectLeavesIt() throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer secret");
    headers.put("Cookie", "a=b");
    headers.put("Accept", "text/html");
    FetchResult result = new FetchResult("n");

    result.hop(url("https://example.test/a"));
    assertThat(result.headersForHop(headers)).containsOnlyKeys("Authorization", "Cookie", "Accept");
    result.hop(url("https://example.test/b"));
    assertThat(result.headersForHop(headers)).as("same origin").containsOnlyKeys("Authorization", "Cookie", "Accept");
    result.hop(url("http://example.test/b"));
    assertThat(result.headersForHop(headers)).as("another scheme").containsOnlyKeys("Accept");
    result.hop(url("https://example.test/c"));
    assertThat(result.headersForHop(headers)).as("once left, even back at the origin").containsOnlyKeys("Accept");
  }

  @Test
  void aPortOrHostOfItsOwnIsAnotherOrigin() throws Exception {
    Map<String, String> headers = Map.of("Authorization", "x");
    FetchResult otherPort = new FetchResult("n");
    otherPort.hop(url("http://example.test/"));
    otherPort.hop(url("http://example.test:8080/"));
    FetchResult otherHost = new FetchResult("n");
    otherHost.hop(url("http://example.test/"));
    otherHost.hop(url("http://other.example.test/"));

    assertThat(otherPort.headersForHop(headers)).isEmpty();
    assertThat(otherHost.headersForHop(headers)).isEmpty();
  }

  @Test
  void runningOutOfFileDescriptorsIsToldToTheCoordinator() {
    FetchResult result = new FetchResult("n");
    result.outOfFiles(true);

    assertThat(result.entry(1, TIMINGS, Results.error(ErrorKind.CONNECT, "x", "connect"), noConnection())
        .outOfFiles()).isTrue();
  }

  @Test
  void aFaultInsideFanfetchNamesItsTypeAndNeverItsMessage() {
    IllegalStateException fault = new IllegalStateException("token=secret");

    ResultBatch.Entry entry = FetchResult.fault(9, "start", fault, "node-2");

    assertThat(FetchResult.faultMessage("complete", fault))
        .isEqualTo("fanfetch could not complete this fetch: IllegalStateException");
    assertThat(entry.sendId()).isEqualTo(9);
    assertThat(entry.retryAfterMs()).isNull();
    assertThat(entry.outOfFiles()).isFalse();
    assertThat(entry.result()).isEqualTo(Results.failure(ErrorKind.PROTOCOL,
        "fanfetch could not start this fetch: IllegalStateException", null, "node-2"));
    assertThat(entry.result().encode()).doesNotContain("secret");
  }
}
