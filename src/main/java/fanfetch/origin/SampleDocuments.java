package fanfetch.origin;

import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Random;

/**
 * The demo's four documents of about 1 MB ({@code /docs/<name>} on the origin): readable,
 * deterministic text, different for each, so their SHA-256 is the same on every run.
 */
public final class SampleDocuments {

  public static final List<String> NAMES = List.of("annual-report.txt", "field-notes.txt",
      "meeting-minutes.txt", "reading-list.txt");

  private static final String[] WORDS = {"fetch", "many", "documents", "at", "once", "and", "the", "wait", "is",
      "only", "as", "long", "as", "the", "slowest", "one", "event", "loop", "never", "blocks"};

  private final Buffer[] bodies = new Buffer[NAMES.size()];

  /** The document of that name, or null; each is made on first use and kept. */
  public synchronized Buffer get(String name) {
    int index = NAMES.indexOf(name);
    if (index < 0) {
      return null;
    }
    if (bodies[index] == null) {
      bodies[index] = make(index);
    }
    return bodies[index];
  }

  private static Buffer make(int index) {
    Random random = new Random(index + 1L);
    StringBuilder text = new StringBuilder(1_050_000);
    int target = 1_000_000 + 25_000 * index;
    while (text.length() < target) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
    }
    text.setLength(target);
    return Buffer.buffer(text.toString());
  }
}
