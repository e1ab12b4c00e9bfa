package fanfetch.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.BitSet;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on the reports of the cluster tests' jobs, whose URLs end in {@code ?<tag>=<index>}. */
final class ClusterReports {

  private ClusterReports() {
  }

  /**
   * The job is done with {@code n} results, one per index, each for its own URL; {@code eachResult}
   * checks every result further. Returns the indices seen.
   */
  static BitSet assertEachUrlOnce(JsonObject report, int n, String tag, Consumer<JsonObject> eachResult) {
    assertThat(report.getString("state")).isEqualTo("done");
    JsonArray results = report.getJsonArray("results");
    assertThat(results).hasSize(n);
    BitSet seen = new BitSet();
    for (int i = 0; i < results.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      int index = r.getInteger("index");
      assertThat(seen.get(index)).as("index %d reported twice", index).isFalse();
      seen.set(index);
      assertThat(r.getString("url")).endsWith("?" + tag + "=" + index);
      eachResult.accept(r);
    }
    return seen;
  }
}
