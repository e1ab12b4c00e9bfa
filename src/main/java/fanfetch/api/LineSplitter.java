package fanfetch.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into lines as its pieces arrive: LF or CRLF ends a line, and the text after
 * the last line end is a line too (a file need not end with a newline). Only the line being read
 * is held, never more than {@code maxLineBytes} of it: a longer line fails at once, before the rest
 * of it is read.
 */
final class LineSplitter {

  /** A line longer than the limit. */
  static final class LineTooLong extends RuntimeException {
    final int line;

    LineTooLong(int line, int max) {
      super("line " + line + " is longer than " + max + " bytes", null, false, false);
      this.line = line;
    }
  }

  private final int maxLineBytes;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private int lines;

  LineSplitter(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /** The lines this piece completes, without their line ends, in order. */
  List<String> feed(byte[] piece) {
    List<String> complete = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < piece.length; i++) {
      if (piece[i] == '\n') {
        append(piece, start, i - start);
        complete.add(take());
        start = i + 1;
      }
    }
    append(piece, start, piece.length - start);
    return complete;
  }

  /** The last line, when the stream did not end with a line end; else null. */
  String finish() {
    return partial.size() == 0 ? null : take();
  }

  private void append(byte[] piece, int from, int length) {
    // A CR that ends the line is not counted against the limit: the limit is on the line itself.
    int limit = maxLineBytes + 1;
    if (partial.size() + length > limit) {
      throw new LineTooLong(lines + 1, maxLineBytes);
    }
    partial.write(piece, from, length);
  }

  private String take() {
    byte[] bytes = partial.toByteArray();
    partial.reset();
    lines++;
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    if (length > maxLineBytes) {
      throw new LineTooLong(lines, maxLineBytes);
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}
