package fanfetch.fetcher;

import io.vertx.core.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AlpnMemoryTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final AlpnMemory memory = new AlpnMemory(now::get);
  private final List<String> went = new ArrayList<>();

  private void admit(String who) {
    memory.admit("a.test:443", learned -> went.add(who + ":" + learned));
  }

  @Test
  void theFirstRequestLearnsWhileTheOthersWaitForItsAnswer() {
    admit("first");
    admit("second");
    admit("third");

    assertThat(went).containsExactly("first:null");
    assertThat(memory.waiting("a.test:443")).isEqualTo(2);

    memory.learned("a.test:443", HttpVersion.HTTP_1_1);

    assertThat(went).containsExactly("first:null", "second:HTTP_1_1", "third:HTTP_1_1");
  }

  @Test
  void aLearnedAnswerIsUsedAtOnceUntilItIsOld() {
    admit("first");
    memory.learned("a.test:443", HttpVersion.HTTP_2);
    admit("later");
    now.addAndGet(AlpnMemory.KEEP_MS);
    admit("much-later");

    assertThat(went).containsExactly("first:null", "later:HTTP_2", "much-later:null");
  }

  @Test
  void whenTheLearningRequestFailsTheNextWaiterLearnsInstead() {
    admit("first");
    admit("second");
    admit("third");

    memory.probeFailed("a.test:443");

    assertThat(went).containsExactly("first:null", "second:null");
    assertThat(memory.waiting("a.test:443")).isEqualTo(1);
  }
}
