package fanfetch.model;

import java.security.SecureRandom;

/**
 * Job ids in the ULID format: 26 Crockford base-32 characters, a millisecond timestamp then 80
 * random bits. They sort by creation time and cannot be guessed.
 */
public final class JobIds {

  private static final String DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final char[] ALPHABET = DIGITS.toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private JobIds() {
  }

  public static String next() {
    return of(System.currentTimeMillis(), RANDOM);
  }

  static String of(long millis, java.util.Random random) {
    byte[] randomBytes = new byte[10];
    random.nextBytes(randomBytes);
    char[] out = new char[26];
    long time = millis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    // 80 random bits → 16 characters, 5 bits each, most significant first
    int bitIndex = 0;
    for (int i = 10; i < 26; i++) {
      int value = 0;
      for (int b = 0; b < 5; b++, bitIndex++) {
        int bit = (randomBytes[bitIndex / 8] >> (7 - bitIndex % 8)) & 1;
        value = (value << 1) | bit;
      }
      out[i] = ALPHABET[value];
    }
    return new String(out);
  }

  /** True for a string that has the shape of a job id (so a path can be checked before any lookup). */
  public static boolean isWellFormed(String id) {
    if (id == null || id.length() != 26) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (DIGITS.indexOf(id.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
