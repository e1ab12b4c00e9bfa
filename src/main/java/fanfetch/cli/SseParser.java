package fanfetch.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An incremental Server-Sent Events parser (the WHATWG event-stream format): fed the response
 * body chunk by chunk as it arrives, it hands over each complete event. Lines end with LF, CRLF
 * or CR (also across chunk boundaries); {@code data:} lines are joined with LF; {@code :} lines
 * are comments; bytes are decoded as UTF-8 a line at a time, so a character split between two
 * chunks is read whole.
 */
public final class SseParser {

  /** One event: its type ({@code message} unless named), data and id (or null). */
  public record Event(String type, String data, String id) {
  }

  private final Consumer<Event> sink;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean afterCr;
  private String type;
  private StringBuilder data;
  private String id;

  public SseParser(Consumer<Event> sink) {
    this.sink = sink;
  }

  public void feed(byte[] chunk) {
    for (byte b : chunk) {
      if (afterCr) {
        afterCr = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n') {
        endLine();
      } else if (b == '\r') {
        afterCr = true;
        endLine();
      } else {
        line.write(b);
      }
    }
  }

  public void feed(String chunk) {
    feed(chunk.getBytes(StandardCharsets.UTF_8));
  }

  private void endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.isEmpty()) {
      dispatch();
      return;
    }
    if (text.startsWith(":")) {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> type = value;
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      case "id" -> id = value;
      default -> {
        // "retry" and unknown fields are ignored
      }
    }
  }

  private void dispatch() {
    if (data != null) {
      sink.accept(new Event(type == null || type.isEmpty() ? "message" : type, data.toString(), id));
    }
    type = null;
    data = null;
  }
}
