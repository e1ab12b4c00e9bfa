package fanfetch.fetcher;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} value (delay-seconds or an HTTP-date). Pure. */
final class RetryAfter {

  private RetryAfter() {
  }

  /** Milliseconds to wait from {@code now}, or null when the header is absent or unreadable. */
  static Long millis(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Math.multiplyExact(Long.parseLong(value), 1000L);
      } catch (ArithmeticException | NumberFormatException e) {
        return Long.MAX_VALUE;
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Math.max(0, Duration.between(now, at).toMillis());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
