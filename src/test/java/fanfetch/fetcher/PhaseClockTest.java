package fanfetch.fetcher;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Phase arithmetic on made-up moments (nanoseconds; 1 ms = 1,000,000). */
class PhaseClockTest {

  private static final long MS = 1_000_000;

  @Test
  void aNewHttpsConnectionSplitsTcpFromTlsAndTheRestIsFirstByteAndDownload() {
    PhaseClock clock = new PhaseClock(0);
    clock.lookupStarted(0);
    clock.lookupDone(5 * MS);
    clock.acquiring(5 * MS);
    // TCP from 6 to 10 ms, handshake done at 30 ms, the request got the connection at 31 ms.
    clock.acquired(31 * MS, true, new PhaseClock.ConnectionMoments(6 * MS, 10 * MS, 30 * MS));
    clock.headArrived(50 * MS);
    clock.bodyEnded(70 * MS);
    clock.stop(70 * MS);

    JsonObject t = clock.toJson(71 * MS);
    assertThat(t.getDouble("dnsMs")).isEqualTo(5.0);
    assertThat(t.getDouble("connectMs")).isEqualTo(4.0);
    assertThat(t.getDouble("tlsMs")).isEqualTo(20.0);
    assertThat(t.getDouble("ttfbMs")).isEqualTo(20.0);
    assertThat(t.getDouble("downloadMs")).isEqualTo(20.0);
    assertThat(t.getDouble("totalMs")).isEqualTo(71.0);
    assertThat(t.getBoolean("reusedConnection")).isFalse();
  }

  @Test
  void aReusedConnectionHasNoConnectAndItsPoolWaitIsInNoPhase() {
    PhaseClock clock = new PhaseClock(0);
    clock.lookupStarted(0);
    clock.lookupDone(0);
    clock.acquiring(0);
    clock.acquired(8 * MS, true, null);
    clock.headArrived(10 * MS);
    clock.bodyEnded(11 * MS);

    JsonObject t = clock.toJson(11 * MS);
    assertThat(t.getDouble("connectMs")).isZero();
    assertThat(t.getDouble("tlsMs")).isZero();
    assertThat(t.getDouble("ttfbMs")).isEqualTo(2.0);
    assertThat(t.getBoolean("reusedConnection")).isTrue();
  }

  @Test
  void aPlainConnectionCountsItsWholeAcquisitionAsConnectAndHasZeroTls() {
    PhaseClock clock = new PhaseClock(0);
    clock.acquiring(2 * MS);
    clock.acquired(9 * MS, false, PhaseClock.ConnectionMoments.UNKNOWN);

    JsonObject t = clock.toJson(9 * MS);
    assertThat(t.getDouble("connectMs")).isEqualTo(7.0);
    assertThat(t.getDouble("tlsMs")).isZero();
  }

  @Test
  void aConnectionBegunBeforeThisRequestAskedCountsOnlyFromTheAsking() {
    // The pool handed over a connection another request had started opening at 1 ms.
    PhaseClock clock = new PhaseClock(0);
    clock.acquiring(4 * MS);
    clock.acquired(20 * MS, true, new PhaseClock.ConnectionMoments(1 * MS, 6 * MS, 18 * MS));

    JsonObject t = clock.toJson(20 * MS);
    assertThat(t.getDouble("connectMs")).isEqualTo(2.0);
    assertThat(t.getDouble("tlsMs")).isEqualTo(12.0);
  }

  @Test
  void stoppingClosesTheRunningPhase() {
    PhaseClock waiting = new PhaseClock(0);
    waiting.acquiring(0);
    waiting.acquired(3 * MS, false, null);
    waiting.stop(303 * MS);
    assertThat(waiting.toJson(303 * MS).getDouble("ttfbMs")).isEqualTo(300.0);

    PhaseClock reading = new PhaseClock(0);
    reading.acquiring(0);
    reading.acquired(1 * MS, false, null);
    reading.headArrived(2 * MS);
    reading.stop(42 * MS);
    assertThat(reading.toJson(42 * MS).getDouble("downloadMs")).isEqualTo(40.0);

    PhaseClock connecting = new PhaseClock(0);
    connecting.lookupStarted(0);
    connecting.lookupDone(1 * MS);
    connecting.acquiring(1 * MS);
    connecting.stop(301 * MS);
    assertThat(connecting.toJson(301 * MS).getDouble("connectMs")).isEqualTo(300.0);

    PhaseClock resolving = new PhaseClock(0);
    resolving.lookupStarted(0);
    resolving.stop(250 * MS);
    assertThat(resolving.toJson(250 * MS).getDouble("dnsMs")).isEqualTo(250.0);
  }

  @Test
  void hopsAndResendsAddUp() {
    PhaseClock clock = new PhaseClock(0);
    clock.acquiring(0);
    clock.acquired(2 * MS, false, null);
    // The reused connection died unanswered 500 ms later; the request went again on a new one.
    clock.acquiring(502 * MS);
    clock.acquired(505 * MS, false, PhaseClock.ConnectionMoments.UNKNOWN);
    clock.headArrived(506 * MS);
    clock.bodyEnded(507 * MS);

    JsonObject t = clock.toJson(507 * MS);
    assertThat(t.getDouble("ttfbMs")).isEqualTo(501.0);
    assertThat(t.getDouble("connectMs")).isEqualTo(3.0);
    assertThat(t.getBoolean("reusedConnection")).isFalse();
  }

  @Test
  void anHttpsHandshakeThatCouldNotBeTimedLeavesTlsNull() {
    PhaseClock clock = new PhaseClock(0);
    clock.acquiring(0);
    clock.acquired(9 * MS, true, PhaseClock.ConnectionMoments.UNKNOWN);

    assertThat(clock.toJson(9 * MS).getValue("tlsMs")).isNull();
  }
}
