package fanfetch.fetcher;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The order in which a host's addresses are tried (RFC 8305, Happy Eyeballs v2, section 4): the
 * families interleaved, starting with the family the lookup put first (the system's preference),
 * and an address whose connect failed lately moved behind the others. Pure: time is passed in.
 */
final class AddressOrder {

  /** How long a failed connect puts an address at the back. */
  static final long FAILURE_MEMORY_MS = 30_000;
  /** RFC 8305's recommended "Connection Attempt Delay": the next family's attempt starts after this. */
  static final long ATTEMPT_DELAY_MS = 250;
  private static final int MAX_REMEMBERED = 4096;

  private final Map<InetAddress, Long> failedAt = LruMaps.bounded(MAX_REMEMBERED);

  void failed(InetAddress address, long nowMillis) {
    failedAt.put(address, nowMillis);
  }

  void succeeded(InetAddress address) {
    failedAt.remove(address);
  }

  List<InetAddress> order(List<InetAddress> addresses, long nowMillis) {
    List<InetAddress> fine = new ArrayList<>();
    List<InetAddress> lately = new ArrayList<>();
    for (InetAddress address : addresses) {
      Long at = failedAt.get(address);
      if (at != null && nowMillis - at < FAILURE_MEMORY_MS) {
        lately.add(address);
      } else {
        fine.add(address);
      }
    }
    List<InetAddress> ordered = interleave(fine);
    ordered.addAll(interleave(lately));
    return ordered;
  }

  /** Whether both IPv4 and IPv6 addresses are among these (then attempts overlap, RFC 8305). */
  static boolean bothFamilies(List<InetAddress> addresses) {
    boolean v6 = false;
    boolean v4 = false;
    for (InetAddress address : addresses) {
      v6 |= address instanceof Inet6Address;
      v4 |= !(address instanceof Inet6Address);
    }
    return v6 && v4;
  }

  private static List<InetAddress> interleave(List<InetAddress> addresses) {
    if (addresses.isEmpty()) {
      return new ArrayList<>();
    }
    boolean firstIsV6 = addresses.get(0) instanceof Inet6Address;
    Deque<InetAddress> preferred = new ArrayDeque<>();
    Deque<InetAddress> other = new ArrayDeque<>();
    for (InetAddress address : addresses) {
      ((address instanceof Inet6Address) == firstIsV6 ? preferred : other).add(address);
    }
    List<InetAddress> out = new ArrayList<>(addresses.size());
    while (!preferred.isEmpty() || !other.isEmpty()) {
      if (!preferred.isEmpty()) {
        out.add(preferred.poll());
      }
      if (!other.isEmpty()) {
        out.add(other.poll());
      }
    }
    return out;
  }
}
