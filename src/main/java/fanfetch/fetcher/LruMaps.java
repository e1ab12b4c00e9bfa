package fanfetch.fetcher;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded memories: a map that forgets its least recently used entry beyond a size. */
final class LruMaps {

  private LruMaps() {
  }

  static <K, V> Map<K, V> bounded(int maxEntries) {
    return bounded(maxEntries, value -> true);
  }

  /** The same, but an entry whose value is not {@code evictable} stays (the map grows past its size meanwhile). */
  static <K, V> Map<K, V> bounded(int maxEntries, java.util.function.Predicate<V> evictable) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries && evictable.test(eldest.getValue());
      }
    };
  }
}
