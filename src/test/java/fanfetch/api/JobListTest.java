package fanfetch.api;

import fanfetch.store.JobRecord;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobListTest {

  /** Ids as JobIds makes them: a time prefix, so they sort by creation. */
  private static String id(int n) {
    return String.format("01K%023d", n);
  }

  private static JobRecord record(int n, String client) {
    return JobRecord.create(id(n), new JsonObject().put("mode", "compare"), 10 + n, client, "node", 0, 1000,
        "2026-12-01T00:00:0" + n + "Z");
  }

  private static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getJsonArray("jobs").forEach(job -> ids.add(((JsonObject) job).getString("id")));
    return ids;
  }

  @Test
  void jobsAreListedNewestFirstAPageAtATimeUntilNextIsNull() {
    List<JobRecord> records = List.of(record(2, null), record(5, null), record(1, null), record(4, null),
        record(3, null));

    JsonObject first = JobList.page(records, null, JobList.query("2", null));
    JsonObject second = JobList.page(records, null, JobList.query("2", first.getString("next")));
    JsonObject last = JobList.page(records, null, JobList.query("2", second.getString("next")));

    assertThat(ids(first)).containsExactly(id(5), id(4));
    assertThat(ids(second)).containsExactly(id(3), id(2));
    assertThat(ids(last)).containsExactly(id(1));
    assertThat(last.getValue("next")).isNull();
    assertThat(JobList.page(records, null, JobList.query(null, null)).getJsonArray("jobs")).hasSize(5);
  }

  @Test
  void withApiKeysACallerSeesOnlyItsOwnJobs() {
    List<JobRecord> records = List.of(record(1, "key-a"), record(2, "key-b"), record(3, "key-a"));

    assertThat(ids(JobList.page(records, "key-a", JobList.query(null, null)))).containsExactly(id(3), id(1));
    assertThat(ids(JobList.page(records, "key-c", JobList.query(null, null)))).isEmpty();
  }

  @Test
  void anEntryTellsStateModeAndProgress() {
    JobRecord running = record(1, null).with(new JsonObject().put("state", JobRecord.RUNNING).put("completed", 7));
    JobRecord finished = record(2, null).with(new JsonObject().put("state", JobRecord.DONE)
        .put("finishedAt", "2026-12-01T00:01:00Z")
        .put("head", new JsonObject().put("summary", new JsonObject().put("total", 12).put("completed", 12))));

    assertThat(JobList.entry(running)).isEqualTo(new JsonObject().put("id", id(1)).put("state", "running")
        .put("mode", "compare").put("urls", 11).put("completed", 7).put("createdAt", "2026-12-01T00:00:01Z")
        .put("finishedAt", null));
    assertThat(JobList.entry(finished).getInteger("completed")).isEqualTo(12);
    assertThat(JobList.entry(finished).getString("finishedAt")).isEqualTo("2026-12-01T00:01:00Z");
    assertThat(JobList.entry(record(3, null)).getInteger("completed")).as("queued, not yet renewed").isZero();
  }

  @Test
  void aBadLimitOrCursorIsNamed() {
    assertThatThrownBy(() -> JobList.query("0", null)).hasMessageStartingWith("limit:");
    assertThatThrownBy(() -> JobList.query("1001", null)).hasMessageStartingWith("limit:");
    assertThatThrownBy(() -> JobList.query("ten", null)).hasMessageStartingWith("limit:");
    assertThatThrownBy(() -> JobList.query(null, "not-an-id")).hasMessageStartingWith("after:");
    assertThat(JobList.query("1000", null).limit()).isEqualTo(1000);
  }
}
