package fanfetch.api;

import fanfetch.config.ApiLimits;
import fanfetch.store.JobStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain rules behind the API's gates, without a server: sent sets, caps, budgets, strict JSON. */
class ApiGateUnitsTest {

  @Test
  void aSentSetKeepsABitPerChunkOnceAChunkIsWhollySent() {
    int size = 3 * JobStore.CHUNK + 10;
    SentSet sent = new SentSet(size);
    for (int i = 0; i < JobStore.CHUNK; i++) {
      assertThat(sent.add(i)).isTrue();
    }
    assertThat(sent.chunkComplete(0)).isTrue();
    assertThat(sent.partialChunks()).isZero();
    assertThat(sent.add(5)).as("sent once only").isFalse();
    assertThat(sent.contains(5)).isTrue();

    sent.add(JobStore.CHUNK + 1);
    assertThat(sent.partialChunks()).isEqualTo(1);
    assertThat(sent.contains(JobStore.CHUNK + 1)).isTrue();
    assertThat(sent.contains(JobStore.CHUNK + 2)).isFalse();
    for (int i = 3 * JobStore.CHUNK; i < size; i++) {
      sent.add(i);
    }
    assertThat(sent.chunkComplete(3)).as("the short last chunk").isTrue();
    assertThat(sent.chunks()).isEqualTo(4);
  }

  @Test
  void aSentSetRefusesIndicesOutsideItsRun() {
    SentSet sent = new SentSet(10);
    assertThat(sent.add(-1)).isFalse();
    assertThat(sent.add(10)).isFalse();
    assertThat(sent.contains(10)).isFalse();
  }

  @Test
  void theStreamGateCapsTheNodeAndEachKeyAndGivesPlacesBackOnce() {
    StreamGate gate = new StreamGate(3, 2);
    StreamGate.Permit a1 = gate.open("a");
    StreamGate.Permit a2 = gate.open("a");
    assertThat(gate.open("a")).as("the key's cap").isNull();
    assertThat(gate.refusal("a")).contains("http.maxStreamsPerClient");
    StreamGate.Permit b1 = gate.open("b");
    assertThat(gate.open(null)).as("the node's cap").isNull();
    assertThat(gate.refusal(null)).contains("http.maxStreams");
    a1.close();
    a1.close();
    assertThat(gate.open()).isEqualTo(2);
    assertThat(gate.open("a")).isNotNull();
    assertThat(a2).isNotNull();
    assertThat(b1).isNotNull();
  }

  @Test
  void connectionsBeyondTheCapGoToTheHealthReserveThenAreRefused() {
    ConnectionCount count = new ConnectionCount(2, 1);
    assertThat(count.admit()).isEqualTo(ConnectionCount.Admission.FULL);
    assertThat(count.admit()).isEqualTo(ConnectionCount.Admission.FULL);
    assertThat(count.admit()).isEqualTo(ConnectionCount.Admission.HEALTH_ONLY);
    assertThat(count.admit()).isEqualTo(ConnectionCount.Admission.REFUSED);
    count.closed(ConnectionCount.Admission.FULL);
    assertThat(count.admit()).isEqualTo(ConnectionCount.Admission.FULL);
    assertThat(ConnectionCount.servedFromReserve("/health/live")).isTrue();
    assertThat(ConnectionCount.servedFromReserve("/metrics")).isTrue();
    assertThat(ConnectionCount.servedFromReserve("/jobs")).isFalse();
  }

  @Test
  void theBodyBudgetTakesOnlyWhatFits() {
    BodyBudget budget = new BodyBudget(100);
    assertThat(budget.reserve(60)).isTrue();
    assertThat(budget.reserve(41)).isFalse();
    assertThat(budget.inFlight()).isEqualTo(60);
    assertThat(budget.reserve(40)).isTrue();
    budget.release(60);
    assertThat(budget.inFlight()).isEqualTo(40);
  }

  @Test
  void autoCapsFollowTheHeapAndTheOpenFileLimit() {
    fanfetch.config.ApiLimits auto = new fanfetch.config.ApiLimits(1, 1, 1, 0, 0, 8, 1, 1024, 0, 1);
    assertThat(auto.connectionCap(20_000)).isEqualTo(1_000);
    assertThat(auto.connectionCap(256)).isEqualTo(64);
    assertThat(auto.bodyBudget(512L << 20, 16L << 20)).isEqualTo(64L << 20);
    assertThat(auto.bodyBudget(64L << 20, 16L << 20)).as("never below one largest body").isEqualTo(16L << 20);
    assertThat(auto.streamCap(512L << 20)).isEqualTo(256);
  }

  @Test
  void eachStreamsBudgetIsCutSoThatAllStreamsTheCapLetsOpenFitAnEighthOfTheHeap() {
    var auto = new fanfetch.config.ApiLimits(1, 1, 1, 0, 0, 8, 1, 256 * 1024, 0, 1);
    assertThat(auto.streamBuffer(512L << 20)).as("the recommended heap keeps the configured budget").isEqualTo(256 * 1024);
    var many = new fanfetch.config.ApiLimits(1, 1, 1, 0, 0, 8, 1, 256 * 1024, 1_000, 1);
    assertThat(many.streamBuffer(128L << 20)).isEqualTo((128 << 20) / 8 / 1_000);
    var huge = new fanfetch.config.ApiLimits(1, 1, 1, 0, 0, 8, 1, 256 * 1024, 1_000_000, 1);
    assertThat(huge.streamBuffer(128L << 20)).as("never below 8 KiB").isEqualTo(8 * 1024);
  }

  @Test
  void strictJsonNamesADuplicateKeyWithItsPath() {
    assertThatThrownBy(() -> StrictJson.parse(Buffer.buffer("{\"urls\": [], \"urls\": []}")))
        .isInstanceOfSatisfying(StrictJson.DuplicateKey.class, e -> assertThat(e.path).isEqualTo("urls"));
    assertThatThrownBy(() -> StrictJson.parse(Buffer.buffer("{\"headers\": {\"X-Tag\": \"a\", \"X-Tag\": \"b\"}}")))
        .isInstanceOfSatisfying(StrictJson.DuplicateKey.class, e -> assertThat(e.path).isEqualTo("headers.X-Tag"));
    assertThatThrownBy(() -> StrictJson.parse(Buffer.buffer("{\"a\": [1, {\"b\": 1, \"b\": 2}]}")))
        .isInstanceOfSatisfying(StrictJson.DuplicateKey.class, e -> assertThat(e.path).isEqualTo("a[1].b"));
  }

  @Test
  void strictJsonReadsWhatVertxReads() {
    String text = "{\"urls\": [\"http://a.test/\"], \"n\": 1.5, \"h\": {\"k\": null}, \"t\": true}";
    assertThat(StrictJson.parse(Buffer.buffer(text))).isEqualTo(new JsonObject(text));
    assertThatThrownBy(() -> StrictJson.parse(Buffer.buffer("{\"a\": 1} x"))).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> StrictJson.parse(Buffer.buffer("{urls: nope"))).isInstanceOf(DecodeException.class);
  }

  @Test
  void aStreamedUrlListIsCountedAsAChunkOfUrlsAJsonBodyAsItsWholeSize() {
    assertThat(BodyGate.streamedList("text/uri-list")).isTrue();
    assertThat(BodyGate.streamedList("application/x-ndjson; charset=utf-8")).isTrue();
    assertThat(BodyGate.streamedList("TEXT/URI-LIST")).isTrue();
    assertThat(BodyGate.streamedList("application/json")).isFalse();
    assertThat(BodyGate.streamedList(null)).isFalse();

    assertThat(BodyGate.maxShare(true, 16L << 20)).isEqualTo(BodyGate.STREAMED_SHARE);
    assertThat(BodyGate.maxShare(false, 16L << 20)).isEqualTo(16L << 20);
  }

  @Test
  void storeReadTurnsLetThatManyReadsRunAndTheRestWaitInOrder() {
    ReadTurns turns = new ReadTurns(2);
    java.util.List<String> ran = new java.util.ArrayList<>();
    turns.take(() -> ran.add("a"));
    turns.take(() -> ran.add("b"));
    turns.take(() -> ran.add("c"));
    turns.take(() -> ran.add("d"));
    assertThat(ran).containsExactly("a", "b");
    assertThat(turns.waiting()).isEqualTo(2);

    turns.giveBack();
    assertThat(ran).containsExactly("a", "b", "c");
    assertThat(turns.taken()).isEqualTo(2);
    turns.giveBack();
    turns.giveBack();
    turns.giveBack();
    assertThat(ran).containsExactly("a", "b", "c", "d");
    assertThat(turns.taken()).isZero();
    assertThat(turns.waiting()).isZero();
    assertThatThrownBy(() -> new ReadTurns(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
