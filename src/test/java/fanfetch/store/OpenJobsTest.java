package fanfetch.store;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The jobs last seen unfinished: what the disk store reads when asked for the unfinished ones. */
class OpenJobsTest {

  private final Map<String, JobRecord> records = new HashMap<>();
  private final List<String> read = new ArrayList<>();
  private final OpenJobs open = new OpenJobs();

  private JobRecord put(String id, String state) {
    JobRecord record = JobRecord.create(id, new JsonObject(), 1, null, "node-a", 0, 1000, "2026-01-01T00:00:00Z")
        .with("state", state);
    records.put(id, record);
    return record;
  }

  private List<String> unfinished() throws Exception {
    read.clear();
    return open.unfinished(id -> {
      read.add(id);
      return records.get(id);
    }).stream().map(JobRecord::id).toList();
  }

  @Test
  void onlyTheJobsInTheSetAreRead() throws Exception {
    put("open", JobRecord.RUNNING);
    put("never-seen", JobRecord.RUNNING);
    open.add("open");

    assertThat(unfinished()).containsExactly("open");
    assertThat(read).containsExactly("open");
  }

  @Test
  void aJobFoundFinishedOrGoneIsNotReadAgain() throws Exception {
    put("running", JobRecord.RUNNING);
    open.add("running");
    open.add("done");
    open.add("gone");
    put("done", JobRecord.DONE);

    assertThat(unfinished()).containsExactly("running");
    assertThat(read).containsExactlyInAnyOrder("running", "done", "gone");
    assertThat(unfinished()).containsExactly("running");
    assertThat(read).containsExactly("running");
  }

  @Test
  void aRecordSeenUnfinishedIsKeptAndOneSeenFinishedIsNot() throws Exception {
    open.saw(put("queued", JobRecord.QUEUED));
    open.saw(put("cancelled", JobRecord.CANCELLED));
    open.saw(put("lost", JobRecord.LOST));

    assertThat(unfinished()).containsExactly("queued");
    assertThat(read).containsExactly("queued");
  }

  @Test
  void aDeletedJobLeavesTheSet() throws Exception {
    put("deleted", JobRecord.RUNNING);
    open.add("deleted");

    open.remove("deleted");

    assertThat(unfinished()).isEmpty();
    assertThat(read).isEmpty();
  }
}
