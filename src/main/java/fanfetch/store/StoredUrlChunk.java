package fanfetch.store;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;

/**
 * A chunk of a job's URLs in its stored form, a JSON array of strings: a row of the disk store's
 * {@code urls} table and a value of the cluster store's URL map alike, so both read what either wrote.
 */
final class StoredUrlChunk {

  private StoredUrlChunk() {
  }

  /** The stored form; taken from a copy, so the caller may change {@code urls} afterwards. */
  static String encode(List<String> urls) {
    return new JsonArray(new ArrayList<>(urls)).encode();
  }

  /** The URLs again, or none when there is no stored chunk ({@code null}). */
  static List<String> decode(String stored) {
    List<String> urls = new ArrayList<>();
    if (stored != null) {
      new JsonArray(stored).forEach(u -> urls.add((String) u));
    }
    return urls;
  }
}
