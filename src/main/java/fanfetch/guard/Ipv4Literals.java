package fanfetch.guard;

import java.util.Optional;

/**
 * The many ways a URL host can spell an IPv4 address. Browsers and many libraries read
 * {@code 0177.0.0.1} (octal), {@code 0x7f.1} (hex, short form) or {@code 2130706433} (one integer) as
 * 127.0.0.1, while a naive parser reads them as decimal or as a host name. fanfetch only fetches
 * hosts spelled in plain dotted decimal; anything else that reads as an IPv4 address is refused,
 * and this class says what it would have meant.
 */
public final class Ipv4Literals {

  private Ipv4Literals() {
  }

  /** True for exactly four decimal parts 0..255 without leading zeros: {@code 127.0.0.1}. */
  public static boolean isDottedDecimal(String host) {
    // Read in place, without splitting: every fetch's host is checked, on the event loop.
    int parts = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= host.length(); i++) {
      char c = i < host.length() ? host.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || ++parts > 4) {
          return false;
        }
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          return false;
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return false;
        }
      } else {
        return false;
      }
    }
    return parts == 4;
  }

  /**
   * True when a host would be read as an IPv4 address by the WHATWG URL rules: its last label
   * (ignoring one trailing dot) is a number in decimal, octal ({@code 0}-prefixed) or hex ({@code 0x}).
   */
  public static boolean looksNumeric(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (h.isEmpty()) {
      return false;
    }
    String last = h.substring(h.lastIndexOf('.') + 1);
    if (last.isEmpty()) {
      return false;
    }
    if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return true;
    }
    return (last.startsWith("0x") || last.startsWith("0X"))
        && last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  /**
   * Reads a host as the WHATWG URL standard's IPv4 parser does (1 to 4 parts, each decimal, octal or
   * hex; the last part fills the remaining bytes).
   *
   * @return the four address bytes, or empty when it is not a valid IPv4 form
   */
  public static Optional<byte[]> parseLenient(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String[] parts = h.split("\\.", -1);
    if (parts.length == 0 || parts.length > 4) {
      return Optional.empty();
    }
    long[] numbers = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long n = number(parts[i]);
      if (n == null) {
        return Optional.empty();
      }
      numbers[i] = n;
    }
    for (int i = 0; i < numbers.length - 1; i++) {
      if (numbers[i] > 255) {
        return Optional.empty();
      }
    }
    int remainingBytes = 5 - numbers.length;
    long last = numbers[numbers.length - 1];
    if (last >= (1L << (8 * remainingBytes))) {
      return Optional.empty();
    }
    long value = last;
    for (int i = 0; i < numbers.length - 1; i++) {
      value += numbers[i] << (8 * (3 - i));
    }
    return Optional.of(new byte[] {
        (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
  }

  private static Long number(String part) {
    if (part.isEmpty()) {
      return null;
    }
    int radix = 10;
    String digits = part;
    if (part.length() > 1 && (part.startsWith("0x") || part.startsWith("0X"))) {
      radix = 16;
      digits = part.substring(2);
      if (digits.isEmpty()) {
        return 0L;
      }
    } else if (part.length() > 1 && part.charAt(0) == '0') {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.length() > 12 || digits.startsWith("-") || digits.startsWith("+")) {
      return null;
    }
    try {
      return Long.parseLong(digits, radix);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
