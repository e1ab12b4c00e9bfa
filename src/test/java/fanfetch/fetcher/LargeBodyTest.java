package fanfetch.fetcher;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.TestOrigin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GiB body is streamed, counted and hashed without ever being held: the pom runs this class
 * alone in a JVM with {@code -Xmx256m} (surefire execution {@code large-body-small-heap}), where
 * holding the body would fail with OutOfMemoryError.
 *
 * <p>With {@code -Dtest=...} surefire also runs it in the default execution (1 GiB heap), where it
 * would prove nothing: there it is skipped, so only the small-heap run counts.
 */
@Tag("small-heap")
@EnabledIf(value = "inASmallHeap", disabledReason = "runs only in the small-heap JVM")
class LargeBodyTest {

  private static final long ONE_GIB = 1L << 30;
  private static final long SMALL_HEAP_LIMIT = 300L << 20;
  /** Streaming, hashing on both ends and the reference digest on a slow shared machine. */
  private static final long ANSWER_SECONDS = 600;

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  /** The class runs only in the small-heap JVM: the condition is checked before the fixture starts. */
  static boolean inASmallHeap() {
    return Runtime.getRuntime().maxMemory() < SMALL_HEAP_LIMIT;
  }

  @Test
  void oneGibibyteBodyIsStreamedWithRightByteCountAndDigestInASmallHeap() {
    assertThat(Runtime.getRuntime().maxMemory()).as("max heap").isLessThan(SMALL_HEAP_LIMIT);
    JsonObject spec = Node.spec(fixture.url("/bytes/" + ONE_GIB))
        .put("timeoutMs", 600_000)
        .put("maxBytes", 2 * ONE_GIB)
        .put("digest", "sha256");

    JsonObject result = fixture.node().submit(spec, ANSWER_SECONDS).getJsonArray("results").getJsonObject(0);

    assertThat(result.getValue("error")).as("result %s", result).isNull();
    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getLong("bytes")).isEqualTo(ONE_GIB);
    assertThat(result.getString("sha256")).isEqualTo(TestOrigin.sha256Of(ONE_GIB));
  }
}
