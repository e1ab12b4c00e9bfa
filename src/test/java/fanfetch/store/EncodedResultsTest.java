package fanfetch.store;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch of results in their stored form, each beside its index. */
class EncodedResultsTest {

  private static StoredResult result(int index, boolean ok) {
    JsonObject json = new JsonObject().put("index", index).put("ok", ok).put("bytes", 10L * index)
        .put("queueMs", 1.5).put("queuedBy", "perHost");
    return StoredResult.of(index, json, json.toBuffer().getBytes());
  }

  @Test
  void eachResultKeepsItsIndexBesideItsStoredFormInTheBatchsOrder() {
    List<StoredResult> batch = List.of(result(7, true), result(2, false), result(1500, true));

    EncodedResults encoded = EncodedResults.of(batch);

    assertThat(encoded.size()).isEqualTo(3);
    assertThat(encoded.indices()).containsExactly(7, 2, 1500);
    for (int i = 0; i < batch.size(); i++) {
      assertThat(encoded.stored().get(i)).isEqualTo(batch.get(i).encode());
      StoredResult back = StoredResult.decode(encoded.indices()[i], encoded.stored().get(i));
      assertThat(back.ok()).isEqualTo(batch.get(i).ok());
      assertThat(back.bytes()).isEqualTo(batch.get(i).bytes());
      assertThat(back.queueUs()).isEqualTo(1500);
      assertThat(back.queuedBy()).isEqualTo("perHost");
      assertThat(back.toJson()).isEqualTo(batch.get(i).toJson());
    }
  }

  @Test
  void anEmptyBatchIsEmpty() {
    EncodedResults encoded = EncodedResults.of(List.of());

    assertThat(encoded.size()).isZero();
    assertThat(encoded.stored()).isEmpty();
  }
}
