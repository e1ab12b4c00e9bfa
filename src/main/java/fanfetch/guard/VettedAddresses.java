package fanfetch.guard;

import java.net.InetAddress;
import java.util.List;

/**
 * The addresses of {@code host} that the address guard allows for {@code port}, in the order the
 * lookup gave them; never empty (a host with none allowed fails with
 * {@link BlockedAddressException}).
 */
public record VettedAddresses(String host, int port, List<InetAddress> allowed) {

  public VettedAddresses {
    allowed = List.copyOf(allowed);
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("no allowed address for " + host);
    }
  }
}
