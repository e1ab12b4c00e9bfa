package fanfetch.coordinator;

import fanfetch.guard.TargetUrl;
import fanfetch.guard.UrlRedaction;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import fanfetch.store.JobStore;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's URLs as its coordinator holds them: only the chunks ({@link JobStore#CHUNK} URLs each)
 * its window is working through, loaded from the job store in order, each URL parsed once when its
 * chunk arrives (its host for the per-host window, its text with credentials redacted, whether it
 * is valid). A chunk is let go once all its URLs are done, so a job of a million URLs never holds
 * a million strings. Plain class: the loading itself is the coordinator's.
 */
final class UrlChunks {

  /** One loaded chunk. */
  private static final class Chunk {
    final List<String> urls;
    final String[] hosts;
    final String[] redacted;
    /** Each valid URL's parse, until its first send takes it (a resend is parsed again by its fetcher). */
    final TargetUrl[] parsed;
    /** Why each invalid URL is invalid (null: valid). */
    final String[] invalid;
    /** URLs of the chunk not done yet. */
    int open;

    Chunk(List<String> urls) {
      this.urls = urls;
      int n = urls.size();
      hosts = new String[n];
      redacted = new String[n];
      parsed = new TargetUrl[n];
      invalid = new String[n];
      for (int i = 0; i < n; i++) {
        redacted[i] = UrlRedaction.redact(urls.get(i));
        try {
          parsed[i] = TargetUrl.parse(urls.get(i));
          hosts[i] = parsed[i].hostKey();
        } catch (TargetUrl.InvalidUrlException e) {
          invalid[i] = e.getMessage();
        }
      }
    }
  }

  private final int size;
  private final Map<Integer, Chunk> loaded = new HashMap<>();
  /** The next chunk to load in this run; chunks are loaded once a run, in order. */
  private int next;
  private boolean loading;

  UrlChunks(int size) {
    this.size = size;
  }

  int size() {
    return size;
  }

  int chunkCount() {
    return JobStore.chunks(size);
  }

  boolean allLoaded() {
    return next >= chunkCount();
  }

  /** The chunk to load next, or -1 when one is loading or all are loaded (and it is marked as loading). */
  int takeNextToLoad() {
    if (loading || allLoaded()) {
      return -1;
    }
    loading = true;
    return next;
  }

  /**
   * A chunk arrived. {@code open} says which of its indices still need a result in this run.
   *
   * @return the chunk's first index
   */
  int loaded(int chunk, List<String> urls, java.util.function.IntPredicate open) {
    if (urls.size() != Math.min(JobStore.CHUNK, size - chunk * JobStore.CHUNK)) {
      throw new IllegalStateException("chunk " + chunk + " has " + urls.size() + " URLs");
    }
    Chunk c = new Chunk(urls);
    int first = chunk * JobStore.CHUNK;
    for (int i = 0; i < urls.size(); i++) {
      if (open.test(first + i)) {
        c.open++;
      }
    }
    if (c.open > 0) {
      loaded.put(chunk, c);
    }
    next = chunk + 1;
    loading = false;
    return first;
  }

  /** A load failed: the chunk may be asked for again. */
  void loadFailed() {
    loading = false;
  }

  /** Whether the URL's chunk is in memory (not yet loaded, or let go once done, it is not). */
  boolean isLoaded(int index) {
    return loaded.containsKey(JobStore.chunkOf(index));
  }

  private Chunk chunk(int index) {
    Chunk c = loaded.get(JobStore.chunkOf(index));
    if (c == null) {
      throw new IllegalStateException("URL " + index + " is not loaded");
    }
    return c;
  }

  private static int at(int index) {
    return index % JobStore.CHUNK;
  }

  String url(int index) {
    return chunk(index).urls.get(at(index));
  }

  /** The URL as reports show it: any userinfo replaced by {@code ***@}. */
  String redacted(int index) {
    return chunk(index).redacted[at(index)];
  }

  String host(int index) {
    return chunk(index).hosts[at(index)];
  }

  boolean isValid(int index) {
    return chunk(index).invalid[at(index)] == null;
  }

  /** The {@code invalid_url} failure of an invalid URL (before the coordinator decorates it). */
  JsonObject invalidResult(int index, String node) {
    return Results.failure(ErrorKind.INVALID_URL, chunk(index).invalid[at(index)], null, node);
  }

  /** The parse of a valid URL, handed over once. */
  TargetUrl takeParsed(int index) {
    Chunk c = chunk(index);
    TargetUrl target = c.parsed[at(index)];
    c.parsed[at(index)] = null;
    return target;
  }

  /** The URL has its result: once its chunk has none open, the chunk is let go. */
  void done(int index) {
    int chunk = JobStore.chunkOf(index);
    Chunk c = loaded.get(chunk);
    if (c != null && --c.open == 0) {
      loaded.remove(chunk);
    }
  }

  /** The next run goes through every URL again, from the first chunk. */
  void restart() {
    loaded.clear();
    next = 0;
    loading = false;
  }

  /** The job is over: nothing is kept. */
  void release() {
    loaded.clear();
  }
}
