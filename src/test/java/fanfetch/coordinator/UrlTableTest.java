package fanfetch.coordinator;

import fanfetch.coordinator.UrlTable.UrlState;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static fanfetch.coordinator.UrlTable.UrlState.BACKING_OFF;
import static fanfetch.coordinator.UrlTable.UrlState.DONE;
import static fanfetch.coordinator.UrlTable.UrlState.IN_FLIGHT;
import static fanfetch.coordinator.UrlTable.UrlState.WAITING;
import static fanfetch.coordinator.UrlTable.UrlState.WAITING_FILES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every transition of a URL's life, and every one refused from a state it does not leave. */
class UrlTableTest {

  private record Transition(String name, Consumer<UrlTable> apply) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Transition SEND = new Transition("send", t -> t.send(0, 10));
  private static final Transition RESEND = new Transition("resend", t -> t.resend(0));
  private static final Transition RESEND_UNCOUNTED = new Transition("resendUncounted", t -> t.resendUncounted(0));
  private static final Transition BACK_OFF = new Transition("backOff", t -> t.backOff(0, new JsonObject()));
  private static final Transition WAIT_FILES = new Transition("waitForFiles", t -> t.waitForFiles(0));
  private static final Transition WAKE = new Transition("wake", t -> t.wake(0));
  private static final Transition DONE_ = new Transition("done", t -> t.done(0));

  /** A one-URL table with its URL brought to {@code state}. */
  private static UrlTable at(UrlState state) {
    UrlTable table = new UrlTable(1);
    switch (state) {
      case WAITING -> { }
      case IN_FLIGHT -> table.send(0, 1);
      case BACKING_OFF -> {
        table.send(0, 1);
        table.backOff(0, new JsonObject());
      }
      case WAITING_FILES -> {
        table.send(0, 1);
        table.waitForFiles(0);
      }
      case DONE -> table.done(0);
    }
    return table;
  }

  static Stream<Arguments> allowed() {
    return Stream.of(
        Arguments.of(WAITING, SEND, IN_FLIGHT),
        Arguments.of(WAITING, DONE_, DONE),
        Arguments.of(IN_FLIGHT, RESEND, WAITING),
        Arguments.of(IN_FLIGHT, RESEND_UNCOUNTED, WAITING),
        Arguments.of(IN_FLIGHT, BACK_OFF, BACKING_OFF),
        Arguments.of(IN_FLIGHT, WAIT_FILES, WAITING_FILES),
        Arguments.of(IN_FLIGHT, DONE_, DONE),
        Arguments.of(BACKING_OFF, WAKE, WAITING),
        Arguments.of(BACKING_OFF, DONE_, DONE),
        Arguments.of(WAITING_FILES, WAKE, WAITING),
        Arguments.of(WAITING_FILES, DONE_, DONE));
  }

  @ParameterizedTest(name = "{0} --{1}--> {2}")
  @MethodSource("allowed")
  void eachTransitionMovesTheUrlAndItsStateCounts(UrlState from, Transition transition, UrlState to) {
    UrlTable table = at(from);

    transition.apply().accept(table);

    assertThat(table.state(0)).isEqualTo(to);
    for (UrlState s : UrlState.values()) {
      assertThat(table.count(s)).as("count of " + s).isEqualTo(s == to ? 1 : 0);
    }
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(IN_FLIGHT, SEND), Arguments.of(BACKING_OFF, SEND), Arguments.of(WAITING_FILES, SEND),
        Arguments.of(DONE, SEND),
        Arguments.of(WAITING, RESEND), Arguments.of(BACKING_OFF, RESEND), Arguments.of(DONE, RESEND),
        Arguments.of(WAITING, RESEND_UNCOUNTED), Arguments.of(DONE, RESEND_UNCOUNTED),
        Arguments.of(WAITING, BACK_OFF), Arguments.of(BACKING_OFF, BACK_OFF), Arguments.of(DONE, BACK_OFF),
        Arguments.of(WAITING, WAIT_FILES), Arguments.of(WAITING_FILES, WAIT_FILES), Arguments.of(DONE, WAIT_FILES),
        Arguments.of(DONE, DONE_));
  }

  @ParameterizedTest(name = "{0} refuses {1}")
  @MethodSource("refused")
  void aTransitionFromTheWrongStateIsRefusedAndChangesNothing(UrlState from, Transition transition) {
    UrlTable table = at(from);

    assertThatThrownBy(() -> transition.apply().accept(table)).isInstanceOf(IllegalStateException.class);
    assertThat(table.state(0)).isEqualTo(from);
    assertThat(table.count(from)).isEqualTo(1);
  }

  @Test
  void wakeOnAUrlThatIsNotPausingDoesNothing() {
    for (UrlState s : new UrlState[] {WAITING, IN_FLIGHT, DONE}) {
      UrlTable table = at(s);
      assertThat(table.wake(0)).as("wake from " + s).isFalse();
      assertThat(table.state(0)).isEqualTo(s);
    }
  }

  @Test
  void aSendCountsAnAttemptAndNumbersItsToken() {
    UrlTable table = new UrlTable(1);

    int first = table.send(0, 100);
    table.resend(0);
    int second = table.send(0, 200);

    assertThat(second).isGreaterThan(first);
    assertThat(table.token(0)).isEqualTo(second);
    assertThat(table.attempts(0)).isEqualTo(2);
    assertThat(table.resends(0)).isEqualTo(1);
    assertThat(table.sentAt(0)).isEqualTo(200);
  }

  @Test
  void sendsThatNeverReachedAFetcherAreNotAttempts() {
    UrlTable table = new UrlTable(1);

    table.send(0, 1);
    table.resendUncounted(0);
    table.send(0, 2);
    table.waitForFiles(0);

    assertThat(table.attempts(0)).isZero();
    assertThat(table.fileWaits(0)).isEqualTo(1);
    assertThat(table.resends(0)).isZero();
  }

  @Test
  void backingOffFilesTheAttemptInTheHistory() {
    UrlTable table = new UrlTable(1);
    table.send(0, 1);

    table.backOff(0, new JsonObject().put("attempt", 1).put("error", "reset"));

    assertThat(table.retriesUsed(0)).isEqualTo(1);
    assertThat(table.history(0).getJsonObject(0).getString("error")).isEqualTo("reset");
  }

  @Test
  void resetStartsEveryUrlAgainWithNoAttempts() {
    UrlTable table = new UrlTable(2);
    table.send(0, 1);
    table.backOff(0, new JsonObject());
    table.done(1);

    table.reset();

    assertThat(table.count(WAITING)).isEqualTo(2);
    assertThat(table.attempts(0)).isZero();
    assertThat(table.history(0)).isNull();
    assertThat(table.state(1)).isEqualTo(WAITING);
  }
}
