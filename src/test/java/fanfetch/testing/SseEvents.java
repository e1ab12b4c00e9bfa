package fanfetch.testing;

import java.util.ArrayList;
import java.util.List;

/** Parses a complete Server-Sent Events body into (event, data) pairs. */
public final class SseEvents {

  private SseEvents() {
  }

  public static List<String[]> parse(String body) {
    List<String[]> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      String event = "message";
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      if (data.length() > 0) {
        events.add(new String[] {event, data.toString()});
      }
    }
    return events;
  }
}
