package fanfetch.store;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same contract for every job store: records and their lease rules, URL chunks, idempotent
 * results fenced by epoch, deletion. The cluster store runs on a one-member Hazelcast of its own
 * (loopback, a cluster name of its own).
 */
class JobStoreContractTest {

  private static Vertx vertx;
  private static HazelcastInstance hazelcast;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Config config = new Config().setClusterName("fanfetch-store-test-" + UUID.randomUUID());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    // A port range of its own, above a default local cluster's 5701..5720.
    config.getNetworkConfig().setPort(5740 + 20 * java.util.concurrent.ThreadLocalRandom.current().nextInt(60))
        .setPortAutoIncrement(true).setPortCount(20).getInterfaces().setEnabled(true)
        .addInterface("127.0.0.1");
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getMapConfig(GridJobStore.RESULTS).setInMemoryFormat(com.hazelcast.config.InMemoryFormat.OBJECT);
    hazelcast = Hazelcast.newHazelcastInstance(config);
  }

  @AfterAll
  static void stop() {
    hazelcast.shutdown();
    vertx.close().await();
  }

  private static JobStore store(String kind) {
    return switch (kind) {
      case "memory" -> new MemoryJobStore(vertx);
      case "disk" -> SqliteJobStore.open(vertx, dir.resolve(UUID.randomUUID().toString()));
      default -> new GridJobStore(vertx, hazelcast);
    };
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the store did not answer in 20 s", e);
    }
  }

  private static JobRecord record(String id, int urls) {
    return JobRecord.create(id, new JsonObject().put("mode", "parallel"), urls, "key-1", "node-a",
        System.currentTimeMillis(), 10_000, "2026-12-01T00:00:00Z");
  }

  private static String id() {
    return fanfetch.model.JobIds.next();
  }

  private static StoredResult result(int index, String text) {
    JsonObject json = new JsonObject().put("index", index).put("ok", true).put("status", 200).put("bytes", 7L)
        .put("timings", new JsonObject().put("totalMs", 1.5)).put("text", text);
    return StoredResult.of(index, json, json.toBuffer().getBytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk", "grid"})
  void aRecordIsCreatedOnceAndReadBack(String kind) {
    JobStore store = store(kind);
    String id = id();

    await(store.create(record(id, 3)));

    assertThat(await(store.get(id)).owner()).isEqualTo("node-a");
    assertThat(await(store.get(id)).urls()).isEqualTo(3);
    assertThatThrownBy(() -> await(store.create(record(id, 3)))).hasMessageContaining("exists");
    assertThat(await(store.list())).extracting(JobRecord::id).contains(id);
    assertThat(await(store.get(id())) ).isNull();
    await(store.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk", "grid"})
  void onlyTheJobsNotFinishedAreListedAsUnfinished(String kind) {
    JobStore store = store(kind);
    String running = id();
    String done = id();
    String deleted = id();
    for (String id : List.of(running, done, deleted)) {
      await(store.create(record(id, 1)));
    }

    assertThat(await(store.update(done, await(store.get(done)).epoch(), new JsonObject().put("state", JobRecord.DONE))))
        .isNotNull();
    await(store.delete(deleted));

    assertThat(await(store.unfinished())).extracting(JobRecord::id).contains(running).doesNotContain(done, deleted);
    assertThat(await(store.list())).extracting(JobRecord::id).contains(running, done);
    await(store.close());
  }

  @org.junit.jupiter.api.Test
  void theDiskStoreFindsItsUnfinishedJobsAgainAfterARestart() {
    Path data = dir.resolve("unfinished-restart");
    JobStore first = SqliteJobStore.open(vertx, data);
    String running = id();
    String done = id();
    await(first.create(record(running, 1)));
    await(first.create(record(done, 1)));
    assertThat(await(first.update(done, await(first.get(done)).epoch(), new JsonObject().put("state", JobRecord.DONE))))
        .isNotNull();
    await(first.close());

    JobStore again = SqliteJobStore.open(vertx, data);

    assertThat(await(again.unfinished())).extracting(JobRecord::id).containsExactly(running);
    await(again.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk", "grid"})
  void urlsComeBackChunkByChunk(String kind) {
    JobStore store = store(kind);
    String id = id();
    await(store.create(record(id, 3)));

    await(store.putUrls(id, 0, List.of("http://a.test/", "http://b.test/")));
    await(store.putUrls(id, 1, List.of("http://c.test/")));

    assertThat(await(store.urls(id, 0))).containsExactly("http://a.test/", "http://b.test/");
    assertThat(await(store.urls(id, 1))).containsExactly("http://c.test/");
    assertThat(await(store.urls(id, 2))).isEmpty();
    await(store.close());
  }

  @Test
  void theGridsRoomForUrlsShrinksAsJobsAreStoredWhileTheLocalStoresAreBoundedByTheirDiskOrHeapOnly() {
    assertThat(store("memory").roomForUrls()).isEqualTo(Long.MAX_VALUE);
    JobStore disk = store("disk");
    assertThat(disk.roomForUrls()).isEqualTo(Long.MAX_VALUE);
    await(disk.close());

    JobStore grid = store("grid");
    long before = grid.roomForUrls();
    // Never more than half the heap's worth of URLs at GridJobStore.BYTES_PER_URL a copy.
    assertThat(before).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 2 / GridJobStore.BYTES_PER_URL);
    String id = id();
    await(grid.create(record(id, 2048)));
    List<String> urls = new java.util.ArrayList<>();
    List<StoredResult> results = new java.util.ArrayList<>();
    for (int i = 0; i < 1024; i++) {
      urls.add(String.format("http://h%d.test/some/longer/path?i=%d", i, i));
      results.add(result(i, "x".repeat(500)));
    }
    await(grid.putUrls(id, 0, urls));
    await(grid.putResults(id, 1, 1, results));

    assertThat(grid.roomForUrls()).as("room after 1,024 URLs and results (before: %d)", before).isLessThan(before);
    await(grid.delete(id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk", "grid"})
  void aPartOfAChunkIsReadByIndexRange(String kind) {
    JobStore store = store(kind);
    String id = id();
    await(store.create(record(id, 2000)));
    await(store.putResults(id, 1, 1, List.of(result(2, "a"), result(5, "b"), result(9, "c"), result(1030, "far"))));

    assertThat(await(store.results(id, 1, 3, 10))).extracting(StoredResult::index).containsExactly(5, 9);
    assertThat(await(store.results(id, 1, 0, 5))).extracting(StoredResult::index).containsExactly(2);
    assertThat(await(store.results(id, 1, 1024, 1100))).extracting(StoredResult::index).containsExactly(1030);
    assertThat(await(store.results(id, 2, 0, 10))).isEmpty();
    await(store.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk", "grid"})
  void aResultForAnIndexThatHasOneIsIgnored(String kind) {
    JobStore store = store(kind);
    String id = id();
    await(store.create(record(id, 2000)));

    assertThat(await(store.putResults(id, 1, 1, List.of(result(3, "first"), result(1030, "far"))))).isEqualTo(2);
    assertThat(await(store.putResults(id, 1, 1, List.of(result(3, "second"), result(4, "new"))))).isEqualTo(1);

    List<StoredResult> chunk0 = await(store.results(id, 1, 0));
    assertThat(chunk0).extracting(StoredResult::index).containsExactly(3, 4);
    assertThat(chunk0.get(0).toJson().getString("text")).isEqualTo("first");
    assertThat(chunk0.get(0).ok()).isTrue();
    assertThat(chunk0.get(0).status()).isEqualTo(200);
    assertThat(chunk0.get(0).totalUs()).isEqualTo(1500);
    assertThat(await(store.results(id, 1, 1))).extracting(StoredResult::index).containsExactly(1030);
    assertThat(await(store.results(id, 2, 0))).isEmpty();
    await(store.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk", "grid"})
  void onceAJobIsClaimedTheFormerOwnersWritesAreRefused(String kind) {
    JobStore store = store(kind);
    String id = id();
    await(store.create(record(id, 10)));
    await(store.putResults(id, 1, 1, List.of(result(0, "before"))));

    JobRecord claimed = await(store.claim(id, 1, "node-b", System.currentTimeMillis(), 10_000, false));

    assertThat(claimed.epoch()).isEqualTo(2);
    assertThat(claimed.owner()).isEqualTo("node-b");
    assertThatThrownBy(() -> await(store.putResults(id, 1, 1, List.of(result(1, "stale")))))
        .isInstanceOf(StaleEpochException.class);
    assertThat(await(store.update(id, 1, new JsonObject().put("state", JobRecord.DONE)))).isNull();
    assertThat(await(store.renew(id, "node-a", 1, System.currentTimeMillis(), 10_000, null))).isNull();
    assertThat(await(store.putResults(id, 1, 2, List.of(result(1, "new owner"))))).isEqualTo(1);
    assertThat(await(store.results(id, 1, 0))).extracting(StoredResult::index).containsExactly(0, 1);
    await(store.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk", "grid"})
  void onlyOneOfTwoClaimsUnderTheSameEpochWins(String kind) {
    JobStore store = store(kind);
    String id = id();
    await(store.create(record(id, 1)));

    JobRecord first = await(store.claim(id, 1, "node-b", System.currentTimeMillis(), 10_000, false));
    JobRecord second = await(store.claim(id, 1, "node-c", System.currentTimeMillis(), 10_000, false));

    assertThat(first).isNotNull();
    assertThat(second).isNull();
    assertThat(await(store.get(id)).owner()).isEqualTo("node-b");
    await(store.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk", "grid"})
  void aDeletedJobLeavesNothing(String kind) {
    JobStore store = store(kind);
    String id = id();
    await(store.create(record(id, 2)));
    await(store.putUrls(id, 0, List.of("http://a.test/", "http://b.test/")));
    await(store.putResults(id, 1, 1, List.of(result(0, "x"))));

    await(store.delete(id));

    assertThat(await(store.get(id))).isNull();
    assertThat(await(store.urls(id, 0))).isEmpty();
    assertThat(await(store.results(id, 1, 0))).isEmpty();
    await(store.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk", "grid"})
  void urlsStreamedInForARefusedJobAreDeletedWithoutARecord(String kind) {
    JobStore store = store(kind);
    String refused = id();
    String other = id();
    await(store.putUrls(refused, 0, List.of("http://a.test/")));
    await(store.putUrls(refused, 1, List.of("http://b.test/")));
    await(store.putUrls(refused, 2, List.of("http://c.test/")));
    await(store.putUrls(other, 0, List.of("http://other.test/")));

    await(store.deleteUrls(refused, 2));

    assertThat(await(store.urls(refused, 0))).isEmpty();
    assertThat(await(store.urls(refused, 1))).isEmpty();
    assertThat(await(store.urls(refused, 2))).as("beyond the chunks named").containsExactly("http://c.test/");
    assertThat(await(store.urls(other, 0))).containsExactly("http://other.test/");
    await(store.close());
  }

  @org.junit.jupiter.api.Test
  void theDiskStoreKeepsEverythingAcrossARestartAndIsUsedByOneNodeAtATime() {
    Path data = dir.resolve("restart");
    JobStore first = SqliteJobStore.open(vertx, data);
    String id = id();
    await(first.create(record(id, 2)));
    await(first.putUrls(id, 0, List.of("http://a.test/", "http://b.test/")));
    await(first.putResults(id, 1, 1, List.of(result(1, "kept"))));

    assertThatThrownBy(() -> SqliteJobStore.open(vertx, data)).hasMessageContaining("in use by another");
    await(first.close());
    JobStore again = SqliteJobStore.open(vertx, data);

    assertThat(await(again.get(id)).urls()).isEqualTo(2);
    assertThat(await(again.urls(id, 0))).hasSize(2);
    assertThat(await(again.results(id, 1, 0))).extracting(r -> r.toJson().getString("text")).containsExactly("kept");
    await(again.close());
  }

  @org.junit.jupiter.api.Test
  void manyWritesAskedTogetherAllComplete() {
    JobStore store = SqliteJobStore.open(vertx, dir.resolve("many"));
    String id = id();
    await(store.create(record(id, 5000)));
    List<Future<Integer>> writes = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      writes.add(store.putResults(id, 1, 1, List.of(result(i, "r" + i))));
    }

    await(Future.all(writes));

    int stored = 0;
    for (int chunk = 0; chunk < JobStore.chunks(5000); chunk++) {
      stored += await(store.results(id, 1, chunk)).size();
    }
    assertThat(stored).isEqualTo(5000);
    await(store.close());
  }
}
