package fanfetch.fetcher;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AddressOrderTest {

  private static List<InetAddress> ips(String... literals) {
    List<InetAddress> out = new ArrayList<>();
    for (String literal : literals) {
      try {
        out.add(InetAddress.getByName(literal));
      } catch (UnknownHostException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  @Test
  void familiesAreInterleavedStartingWithTheLookupsFirst() {
    List<InetAddress> ordered = new AddressOrder().order(ips("2001:db8::1", "2001:db8::2", "192.0.2.1", "192.0.2.2"), 0);

    assertThat(ordered).containsExactlyElementsOf(ips("2001:db8::1", "192.0.2.1", "2001:db8::2", "192.0.2.2"));
  }

  @Test
  void anIpv4FirstAnswerStartsWithIpv4() {
    List<InetAddress> ordered = new AddressOrder().order(ips("192.0.2.1", "2001:db8::1", "192.0.2.2"), 0);

    assertThat(ordered).containsExactlyElementsOf(ips("192.0.2.1", "2001:db8::1", "192.0.2.2"));
  }

  @Test
  void anAddressThatFailedLatelyGoesLastUntilItsMemoryFades() {
    AddressOrder order = new AddressOrder();
    order.failed(ips("192.0.2.1").get(0), 1_000);

    assertThat(order.order(ips("192.0.2.1", "192.0.2.2"), 2_000)).containsExactlyElementsOf(ips("192.0.2.2", "192.0.2.1"));
    assertThat(order.order(ips("192.0.2.1", "192.0.2.2"), 1_000 + AddressOrder.FAILURE_MEMORY_MS))
        .containsExactlyElementsOf(ips("192.0.2.1", "192.0.2.2"));
  }

  @Test
  void aSuccessClearsTheFailure() {
    AddressOrder order = new AddressOrder();
    order.failed(ips("192.0.2.1").get(0), 1_000);
    order.succeeded(ips("192.0.2.1").get(0));

    assertThat(order.order(ips("192.0.2.1", "192.0.2.2"), 2_000)).containsExactlyElementsOf(ips("192.0.2.1", "192.0.2.2"));
  }

  @Test
  void attemptsOverlapOnlyWhenBothFamiliesExist() {
    assertThat(AddressOrder.bothFamilies(ips("192.0.2.1", "2001:db8::1"))).isTrue();
    assertThat(AddressOrder.bothFamilies(ips("192.0.2.1", "192.0.2.2"))).isFalse();
    assertThat(AddressOrder.bothFamilies(ips("2001:db8::1"))).isFalse();
  }
}
