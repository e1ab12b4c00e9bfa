package fanfetch.guard;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether fanfetch may connect to an address. Denied by default: every range that reaches
 * the machine itself or the network behind it (loopback, private, link-local with cloud metadata,
 * unique-local, CGNAT, multicast, unspecified, reserved and documentation ranges), including the
 * IPv6 forms that embed such an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo).
 * {@code guard.allow} rules open ranges (optionally one port) explicitly. Pure: no I/O.
 */
public final class AddressPolicy {

  /** A denied range and why it is denied, in words an operator understands. */
  private record Denied(Cidr range, String reason) {
  }

  private static final List<Denied> DENIED_V4 = List.of(
      denied("0.0.0.0/8", "unspecified / this network"),
      denied("10.0.0.0/8", "private"),
      denied("100.64.0.0/10", "carrier-grade NAT"),
      denied("127.0.0.0/8", "loopback"),
      denied("169.254.0.0/16", "link-local (cloud metadata)"),
      denied("172.16.0.0/12", "private"),
      denied("192.0.0.0/24", "IETF protocol assignments"),
      denied("192.0.2.0/24", "documentation"),
      denied("192.88.99.0/24", "6to4 relay anycast"),
      denied("192.168.0.0/16", "private"),
      denied("198.18.0.0/15", "benchmarking"),
      denied("198.51.100.0/24", "documentation"),
      denied("203.0.113.0/24", "documentation"),
      denied("224.0.0.0/4", "multicast"),
      denied("240.0.0.0/4", "reserved"));

  private static final List<Denied> DENIED_V6 = List.of(
      denied("::/128", "unspecified"),
      denied("::1/128", "loopback"),
      denied("100::/64", "discard-only"),
      denied("64:ff9b:1::/48", "local-use NAT64"),
      denied("2001:db8::/32", "documentation"),
      denied("2001:10::/28", "ORCHID"),
      denied("fc00::/7", "unique-local"),
      denied("fe80::/10", "link-local"),
      denied("fec0::/10", "site-local"),
      denied("ff00::/8", "multicast"));

  private static final Cidr V4_COMPATIBLE = Cidr.parse("::/96");
  private static final Cidr V4_MAPPED = Cidr.parse("::ffff:0:0/96");
  /** IPv4-translated addresses (RFC 2765 SIIT): ::ffff:0:a.b.c.d. */
  private static final Cidr V4_TRANSLATED = Cidr.parse("::ffff:0:0:0/96");
  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
  private static final Cidr TEREDO = Cidr.parse("2001::/32");

  /** The outcome for one address: allowed, or blocked with a reason. */
  public record Verdict(boolean allowed, String reason) {
    static final Verdict ALLOWED = new Verdict(true, null);
  }

  private final List<AllowRule> allow;

  public AddressPolicy(List<AllowRule> allow) {
    this.allow = List.copyOf(allow);
  }

  public Verdict check(InetAddress address, int port) {
    for (AllowRule rule : allow) {
      if (rule.matches(address, port)) {
        return Verdict.ALLOWED;
      }
    }
    Optional<InetAddress> embedded = embeddedIpv4(address);
    if (embedded.isPresent()) {
      // Rules written for the IPv4 address apply to its IPv6 spellings too.
      for (AllowRule rule : allow) {
        if (rule.matches(embedded.get(), port)) {
          return Verdict.ALLOWED;
        }
      }
    }
    String reason = deniedReason(address);
    return reason == null ? Verdict.ALLOWED : new Verdict(false, reason);
  }

  /** Why the default policy denies this address, or null when it is an ordinary public address. */
  public static String deniedReason(InetAddress address) {
    if (address instanceof Inet4Address) {
      return deniedReason(address.getAddress(), DENIED_V4);
    }
    String own = deniedReason(address.getAddress(), DENIED_V6);
    if (own != null) {
      return own;
    }
    Optional<InetAddress> embedded = embeddedIpv4(address);
    if (embedded.isPresent()) {
      String inner = deniedReason(embedded.get().getAddress(), DENIED_V4);
      if (inner != null) {
        return inner + " (" + embedded.get().getHostAddress() + " inside an IPv6 address)";
      }
      if (V4_COMPATIBLE.contains(address)) {
        return "deprecated IPv4-compatible IPv6";
      }
    }
    return null;
  }

  /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo), if any. */
  static Optional<InetAddress> embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    byte[] v4;
    if (V4_MAPPED.contains(b) || V4_TRANSLATED.contains(b) || V4_COMPATIBLE.contains(b) || NAT64.contains(b)) {
      v4 = new byte[] {b[12], b[13], b[14], b[15]};
    } else if (SIX_TO_FOUR.contains(b)) {
      v4 = new byte[] {b[2], b[3], b[4], b[5]};
    } else if (TEREDO.contains(b)) {
      // Teredo carries the client's public IPv4 address inverted in the last 32 bits.
      v4 = new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(v4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String deniedReason(byte[] address, List<Denied> table) {
    for (Denied d : table) {
      if (d.range().contains(address)) {
        return d.reason();
      }
    }
    return null;
  }

  private static Denied denied(String cidr, String reason) {
    return new Denied(Cidr.parse(cidr), reason);
  }
}
