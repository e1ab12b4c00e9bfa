package fanfetch.guard;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The one spelling of a URL host that fanfetch fetches, limits and reports by: IPv6 literals in
 * RFC 5952 form, names in lower-case ASCII (punycode), IPv4 addresses only in plain dotted decimal.
 * A host that cannot be spelled so is refused with the reason in words. Pure: no I/O (an IP literal
 * is read in place, never looked up).
 */
final class HostSpelling {

  private HostSpelling() {
  }

  /**
   * @param host the host as {@link java.net.URI} gives it: a name, or an IP literal with IPv6 in
   *     brackets; never empty
   * @return the canonical spelling, lower-case, IPv6 without brackets
   */
  static String canonical(String host) throws TargetUrl.InvalidUrlException {
    String spelled = host.startsWith("[") && host.endsWith("]") ? ipLiteral(host) : hostName(host);
    return spelled.toLowerCase(Locale.ROOT);
  }

  private static String ipLiteral(String bracketed) throws TargetUrl.InvalidUrlException {
    String literal = bracketed.substring(1, bracketed.length() - 1);
    if (literal.indexOf('%') >= 0) {
      throw new TargetUrl.InvalidUrlException("IPv6 zone ids are not supported in '" + bracketed + "'");
    }
    try {
      // One spelling per address ([::1], [0:0::1] and [::0001] are one host for per-host limits).
      byte[] bytes = Cidr.literal(literal);
      return bytes.length == 16 ? canonicalIpv6(bytes) : InetAddress.getByAddress(bytes).getHostAddress();
    } catch (IllegalArgumentException | UnknownHostException e) {
      throw new TargetUrl.InvalidUrlException("bad IPv6 address '" + bracketed + "'");
    }
  }

  private static String hostName(String host) throws TargetUrl.InvalidUrlException {
    String ascii;
    try {
      ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      throw new TargetUrl.InvalidUrlException("bad host name '" + host + "'");
    }
    if (!isHostName(ascii)) {
      throw new TargetUrl.InvalidUrlException("bad host name '" + ascii + "'");
    }
    if (Ipv4Literals.looksNumeric(ascii) && !Ipv4Literals.isDottedDecimal(ascii)) {
      // Other clients would fetch some address for it; saying which one shows why it is refused.
      String meaning = Ipv4Literals.parseLenient(ascii)
          .map(b -> (b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + "." + (b[3] & 255))
          .map(a -> " (read elsewhere as " + a + ")")
          .orElse("");
      throw new TargetUrl.InvalidUrlException("ambiguous IPv4 host '" + ascii + "'" + meaning
          + "; write addresses in dotted decimal");
    }
    return ascii;
  }

  /** RFC 5952 text of an IPv6 address: lower-case, no leading zeros, the longest zero run as {@code ::}. */
  static String canonicalIpv6(byte[] address) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  /** Letters, digits, {@code .}, {@code _} and {@code -} (an IDN is ASCII by now), at least one. */
  static boolean isHostName(String host) {
    if (host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
