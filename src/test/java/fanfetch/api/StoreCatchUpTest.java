package fanfetch.api;

import fanfetch.model.JobIds;
import fanfetch.store.JobRecord;
import fanfetch.store.JobStore;
import fanfetch.store.MemoryJobStore;
import fanfetch.store.StoredResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catch-up reader of a progress stream over an in-memory job store: no server, no network;
 * what it writes is collected as it is written.
 */
class StoreCatchUpTest {

  private static final Pattern EVENT_ID = Pattern.compile("event: result\nid: (\\d+)\ndata: ");
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(20, TimeUnit.SECONDS);
  }

  /** A job of {@code urls} URLs whose run 1 has a result at each of {@code stored}. */
  private static String job(JobStore store, int urls, List<Integer> stored) throws Exception {
    String id = JobIds.next();
    await(store.create(JobRecord.create(id, new JsonObject().put("mode", "parallel"), urls, null, "node",
        System.currentTimeMillis(), 10_000, "2026-12-01T00:00:00Z")));
    List<StoredResult> results = new ArrayList<>();
    for (int index : stored) {
      JsonObject json = new JsonObject().put("index", index).put("ok", true);
      results.add(StoredResult.of(index, json, json.toBuffer().getBytes()));
    }
    await(store.putResults(id, 1, 1, results));
    return id;
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> indices = new ArrayList<>();
    for (int i = from; i < to; i++) {
      indices.add(i);
    }
    return indices;
  }

  /** Collects the writes; each completes at once. */
  private static final class Writes {
    final List<Buffer> buffers = new ArrayList<>();

    Future<Void> write(Buffer events) {
      buffers.add(events);
      return Future.succeededFuture();
    }

    List<Integer> ids() {
      List<Integer> ids = new ArrayList<>();
      buffers.forEach(b -> {
        Matcher m = EVENT_ID.matcher(b.toString());
        while (m.find()) {
          ids.add(Integer.parseInt(m.group(1)));
        }
      });
      return ids;
    }
  }

  private static BitSet chunks(int... chunks) {
    BitSet set = new BitSet();
    for (int c : chunks) {
      set.set(c);
    }
    return set;
  }

  /** Runs {@code send} on the Vert.x context (as the API verticle does) and waits for it. */
  private static void run(java.util.function.Supplier<Future<Void>> send) throws Exception {
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> send.get().onComplete(done));
    await(done.future());
  }

  @Test
  void everyChunkNotWhollySentIsReadAtTheStartAndTheMarksAreTaken() {
    SentSet seen = new SentSet(3 * JobStore.CHUNK);
    for (int i = 0; i < JobStore.CHUNK; i++) {
      seen.add(JobStore.CHUNK + i);
    }
    BitSet marked = chunks(2);

    assertThat(StoreCatchUp.chunks(seen, marked, true)).isEqualTo(chunks(0, 2));
    assertThat(marked.isEmpty()).isTrue();
  }

  @Test
  void otherwiseOnlyTheMarkedChunksThatAreNotWhollySent() {
    SentSet seen = new SentSet(3 * JobStore.CHUNK);
    for (int i = 0; i < JobStore.CHUNK; i++) {
      seen.add(i);
    }
    BitSet marked = chunks(0, 2);

    assertThat(StoreCatchUp.chunks(seen, marked, false)).isEqualTo(chunks(2));
    assertThat(marked.isEmpty()).isTrue();
  }

  @Test
  void theStoredResultsNotSentYetGoOutOnceAsResultEventsAPartAtATime() throws Exception {
    MemoryJobStore store = new MemoryJobStore(vertx);
    int urls = JobStore.CHUNK + 100;
    String id = job(store, urls, range(0, urls));
    SentSet seen = new SentSet(urls);
    seen.add(5);
    seen.add(JobStore.CHUNK + 1);
    Writes writes = new Writes();
    ReadTurns turns = new ReadTurns(1);
    StoreCatchUp catchUp = new StoreCatchUp(store, turns, id, urls, writes::write, () -> false);

    run(() -> catchUp.send(1, seen, chunks(0, 1)));

    List<Integer> expected = range(0, urls);
    expected.remove(Integer.valueOf(5));
    expected.remove(Integer.valueOf(JobStore.CHUNK + 1));
    assertThat(writes.ids()).containsExactlyElementsOf(expected);
    assertThat(writes.buffers).allSatisfy(b -> assertThat(EVENT_ID.matcher(b.toString()).results().count())
        .isLessThanOrEqualTo(StoreCatchUp.PART));
    assertThat(seen.chunkComplete(0)).isTrue();
    assertThat(seen.chunkComplete(1)).isTrue();
    assertThat(turns.taken()).as("every turn given back").isZero();

    Writes again = new Writes();
    run(() -> new StoreCatchUp(store, turns, id, urls, again::write, () -> false).send(1, seen, chunks(0, 1)));
    assertThat(again.buffers).as("nothing is sent twice").isEmpty();
  }

  @Test
  void anEventIsByteForByteTheFeedsEncodingOfTheStoredJson() throws Exception {
    MemoryJobStore store = new MemoryJobStore(vertx);
    String id = job(store, 4, List.of(2));
    Writes writes = new Writes();

    run(() -> new StoreCatchUp(store, new ReadTurns(1), id, 4, writes::write, () -> false)
        .send(1, new SentSet(4), chunks(0)));

    assertThat(writes.buffers).hasSize(1);
    assertThat(writes.buffers.get(0).toString())
        .isEqualTo("event: result\nid: 2\ndata: {\"index\":2,\"ok\":true}\n\n");
  }

  @Test
  void resultsNotStoredYetAreLeftForLater() throws Exception {
    MemoryJobStore store = new MemoryJobStore(vertx);
    String id = job(store, 100, List.of(1, 50));
    SentSet seen = new SentSet(100);
    Writes writes = new Writes();

    run(() -> new StoreCatchUp(store, new ReadTurns(1), id, 100, writes::write, () -> false).send(1, seen, chunks(0)));

    assertThat(writes.ids()).containsExactly(1, 50);
    assertThat(seen.contains(2)).isFalse();
    assertThat(seen.chunkComplete(0)).isFalse();
  }

  @Test
  void aStreamThatIsOverReadsNothingMoreAndGivesItsTurnBack() throws Exception {
    MemoryJobStore store = new MemoryJobStore(vertx);
    int urls = 3 * StoreCatchUp.PART;
    String id = job(store, urls, range(0, urls));
    boolean[] over = {false};
    Writes writes = new Writes();
    ReadTurns turns = new ReadTurns(1);
    StoreCatchUp catchUp = new StoreCatchUp(store, turns, id, urls, events -> {
      over[0] = true;
      return writes.write(events);
    }, () -> over[0]);

    run(() -> catchUp.send(1, new SentSet(urls), chunks(0)));

    assertThat(writes.ids()).as("the first part only").containsExactlyElementsOf(range(0, StoreCatchUp.PART));
    assertThat(turns.taken()).isZero();
  }

  @Test
  void aFailedReadFailsTheCatchUpAndGivesItsTurnBack() throws Exception {
    MemoryJobStore store = new MemoryJobStore(vertx);
    String id = job(store, 10, range(0, 10));
    ReadTurns turns = new ReadTurns(1);
    JobStore failing = (JobStore) java.lang.reflect.Proxy.newProxyInstance(JobStore.class.getClassLoader(),
        new Class<?>[] {JobStore.class}, (proxy, method, args) -> "results".equals(method.getName())
            ? Future.failedFuture(new IllegalStateException("disk gone")) : method.invoke(store, args));
    Promise<Void> done = Promise.promise();

    vertx.runOnContext(v -> new StoreCatchUp(failing, turns, id, 10, new Writes()::write, () -> false)
        .send(1, new SentSet(10), chunks(0)).onComplete(done));

    Throwable failure = await(done.future().transform(ended -> Future.succeededFuture(ended.cause())));
    assertThat(failure).hasMessage("disk gone");
    assertThat(turns.taken()).isZero();
  }
}
