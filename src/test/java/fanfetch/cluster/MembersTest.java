package fanfetch.cluster;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fanfetch.coordinator.Members}: the members a coordinator sends tasks to, in turn. The class
 * is package-private to the coordinator, so it is reached here by reflection; the clock is injected.
 */
class MembersTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final MembersHandle members = new MembersHandle(now::get);

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
    now.addAndGet(MembersHandle.notReadyMs() - 1);
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
    now.addAndGet(MembersHandle.notReadyMs());
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

  /** Calls the package-private class through reflection (tests outside its package). */
  private static final class MembersHandle {
    private static final String CLASS = "fanfetch.coordinator.Members";
    private final Object target;

    MembersHandle(LongSupplier clock) {
      try {
        Constructor<?> constructor = Class.forName(CLASS).getDeclaredConstructor(LongSupplier.class);
        constructor.setAccessible(true);
        target = constructor.newInstance(clock);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    static long notReadyMs() {
      try {
        Field field = Class.forName(CLASS).getDeclaredField("NOT_READY_MS");
        field.setAccessible(true);
        return field.getLong(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    void add(String node) {
      call("add", String.class, node);
    }

    void remove(String node) {
      call("remove", String.class, node);
    }

    void notReady(String node) {
      call("notReady", String.class, node);
    }

    void reset(Collection<String> nodes) {
      call("reset", Collection.class, nodes);
    }

    String next() {
      return (String) call("next", null, null);
    }

    @SuppressWarnings("unchecked")
    List<String> all() {
      return (List<String>) call("all", null, null);
    }

    private Object call(String name, Class<?> parameter, Object argument) {
      try {
        Method method = parameter == null ? target.getClass().getDeclaredMethod(name)
            : target.getClass().getDeclaredMethod(name, parameter);
        method.setAccessible(true);
        return parameter == null ? method.invoke(target) : method.invoke(target, argument);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
