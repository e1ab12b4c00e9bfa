package fanfetch.coordinator;

import fanfetch.coordinator.SendOutcome.Kind;
import fanfetch.model.Addresses;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a batch no fetcher took means for its sends, for each way the event bus reports it. */
class SendOutcomeTest {

  static Stream<Arguments> failures() {
    ReplyException noHandlers = new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers");
    ReplyException draining = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Addresses.FETCHER_DRAINING, "draining");
    ReplyException otherRecipientFailure = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "boom");
    ReplyException timeout = new ReplyException(ReplyFailure.TIMEOUT, "timed out");
    return Stream.of(
        Arguments.of(noHandlers, true, Kind.NOT_READY),
        Arguments.of(noHandlers, false, Kind.VANISHED),
        Arguments.of(draining, true, Kind.NOT_READY),
        Arguments.of(draining, false, Kind.FAILED),
        Arguments.of(otherRecipientFailure, true, Kind.FAILED),
        Arguments.of(timeout, true, Kind.VANISHED),
        Arguments.of(timeout, false, Kind.VANISHED),
        Arguments.of(new IllegalStateException("closed"), true, Kind.FAILED));
  }

  @ParameterizedTest(name = "{0}, to a named node: {1} -> {2}")
  @MethodSource("failures")
  void anUndeliveredBatchIsNotReadyVanishedOrFailed(Throwable failure, boolean toANode, Kind expected) {
    SendOutcome outcome = SendOutcome.undelivered(failure, toANode);

    assertThat(outcome.kind()).isEqualTo(expected);
    assertThat(outcome.detail()).isEqualTo(failure.getMessage());
    assertThat(outcome.fetched()).isNull();
  }
}
