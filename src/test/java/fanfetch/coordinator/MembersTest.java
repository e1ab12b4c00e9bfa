package fanfetch.coordinator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Members}: the members a coordinator sends tasks to, in turn; the clock is injected. */
class MembersTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Members members = new Members(now::get);

  @Test
  void membersAreGivenTasksInTurn() {
    members.add("a");
    members.add("b");
    members.add("c");

    assertThat(next(7)).containsExactly("a", "b", "c", "a", "b", "c", "a");
  }

  @Test
  void noMembersMeansLetTheEventBusChoose() {
    assertThat(members.next()).isNull();
  }

  @Test
  void aMemberAddedTwiceIsListedOnce() {
    members.add("a");
    members.add("a");
    members.add("b");

    assertThat(members.all()).containsExactly("a", "b");
    assertThat(next(4)).containsExactly("a", "b", "a", "b");
  }

  @Test
  void resetReplacesTheMembers() {
    members.add("gone");
    members.reset(List.of("a", "b"));

    assertThat(members.all()).containsExactly("a", "b");
  }

  @Test
  void aMemberNotReadyIsSkippedForAMomentThenUsedAgain() {
    members.reset(List.of("a", "b", "c"));
    members.notReady("b");

    assertThat(next(4)).containsExactly("a", "c", "a", "c");
    now.addAndGet(Members.NOT_READY_MS - 1);
    assertThat(next(2)).doesNotContain("b");
    now.addAndGet(1);
    assertThat(next(3)).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void whenNoMemberIsReadyTheEventBusChooses() {
    members.reset(List.of("a", "b"));
    members.notReady("a");
    members.notReady("b");

    assertThat(members.next()).isNull();
    now.addAndGet(Members.NOT_READY_MS);
    assertThat(next(2)).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aRemovedMemberIsGivenNothingMore() {
    members.reset(List.of("a", "b", "c"));
    members.next();
    members.remove("b");

    assertThat(members.all()).containsExactly("a", "c");
    assertThat(next(6)).containsOnly("a", "c").contains("a", "c");
  }

  @Test
  void aMemberThatLeftAndCameBackIsReadyAtOnce() {
    members.reset(List.of("a", "b"));
    members.notReady("b");
    members.remove("b");
    members.add("b");

    assertThat(next(2)).containsExactlyInAnyOrder("a", "b");
  }

  private List<String> next(int n) {
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      picked.add(members.next());
    }
    return picked;
  }
}
