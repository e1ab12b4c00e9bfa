package fanfetch.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range: {@code 10.0.0.0/8}, {@code ::1/128}; a bare address is a single-host range. */
public record Cidr(byte[] network, int prefix) {

  public static Cidr parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    String addressPart = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = literal(addressPart);
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'");
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException("prefix length must be 0.." + max + " in '" + text + "'");
      }
    }
    return new Cidr(mask(bytes, prefix), prefix);
  }

  /** Parses an IP literal strictly: dotted-decimal IPv4 or IPv6, never a host name. */
  static byte[] literal(String text) {
    String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (s.indexOf(':') < 0 && !Ipv4Literals.isDottedDecimal(s)) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }
    if (s.indexOf(':') >= 0 && !s.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }
    try {
      // A literal never triggers a DNS lookup: InetAddress parses it in place.
      byte[] bytes = InetAddress.getByName(s).getAddress();
      if (s.indexOf(':') >= 0 && bytes.length == 4) {
        // Java turns ::ffff:a.b.c.d into an IPv4 address; an IPv6 range needs the 16-byte form.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
      }
      return bytes;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }
  }

  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    return java.util.Arrays.equals(mask(address, prefix), network);
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int bitsHere = Math.max(0, Math.min(8, prefix - 8 * i));
      out[i] = (byte) (out[i] & (0xFF << (8 - bitsHere)));
    }
    return out;
  }

  @Override
  public String toString() {
    try {
      InetAddress address = network.length == 16
          ? java.net.Inet6Address.getByAddress(null, network, -1)
          : InetAddress.getByAddress(network);
      return address.getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(network) + prefix;
  }
}
