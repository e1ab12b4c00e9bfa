package fanfetch.origin;

import java.util.Locale;

/**
 * A body size as the origin's {@code /bytes/<n>} reads it: a number of bytes, or one with a
 * binary suffix ({@code 1k} = 1,024, {@code 1m} = 1,048,576, {@code 1g} = 2^30, any letter case).
 * Pure.
 */
public final class ByteSize {

  /** The largest body the origin sends: 1 TiB (bodies are streamed, never held). */
  public static final long MAX = 1L << 40;

  private ByteSize() {
  }

  /** @throws IllegalArgumentException with a one-line reason when the text is no size up to {@link #MAX} */
  public static long parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    int shift = 0;
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        default -> shift = -1;
      }
    }
    String digits = shift > 0 ? s.substring(0, s.length() - 1) : s;
    if (digits.isEmpty() || digits.length() > 13 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("not a size: '" + text + "' (write bytes, or 1k, 1m, 1g)");
    }
    int unit = Math.max(0, shift);
    long number = Long.parseLong(digits);
    if (number > (MAX >> unit)) {
      throw new IllegalArgumentException("size " + text.strip() + " is larger than 1 TiB");
    }
    return number << unit;
  }
}
