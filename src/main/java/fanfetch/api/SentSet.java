package fanfetch.api;

import fanfetch.store.JobStore;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Which results of one run a stream has sent, kept in memory that follows the job's window, not its
 * size: a chunk of the job store ({@link JobStore#CHUNK} URLs) all of whose results went out is one
 * bit; only chunks partly sent hold a bit per URL. Results finish roughly in input order (the
 * coordinator dispatches in order), so few chunks are partial at once. Plain class: no Vert.x.
 */
final class SentSet {

  private final int size;
  private final BitSet complete = new BitSet();
  private final Map<Integer, BitSet> partial = new HashMap<>();

  /** @param size the run's URLs; indices outside {@code 0..size-1} are never counted as sent */
  SentSet(int size) {
    this.size = Math.max(0, size);
  }

  int chunks() {
    return JobStore.chunks(size);
  }

  boolean contains(int index) {
    if (index < 0 || index >= size) {
      return false;
    }
    int chunk = JobStore.chunkOf(index);
    if (complete.get(chunk)) {
      return true;
    }
    BitSet bits = partial.get(chunk);
    return bits != null && bits.get(index - chunk * JobStore.CHUNK);
  }

  /** Marks the result sent; false when it was already, or its index is out of range (then: do not send). */
  boolean add(int index) {
    if (index < 0 || index >= size || contains(index)) {
      return false;
    }
    int chunk = JobStore.chunkOf(index);
    BitSet bits = partial.computeIfAbsent(chunk, c -> new BitSet(JobStore.CHUNK));
    bits.set(index - chunk * JobStore.CHUNK);
    if (bits.cardinality() == chunkSize(chunk)) {
      partial.remove(chunk);
      complete.set(chunk);
    }
    return true;
  }

  /** Whether every result of the chunk was sent (then the store need not be read for it). */
  boolean chunkComplete(int chunk) {
    return complete.get(chunk);
  }

  /** Chunks held a bit per URL now: what this set costs beyond a bit per chunk. */
  int partialChunks() {
    return partial.size();
  }

  private int chunkSize(int chunk) {
    return Math.min(JobStore.CHUNK, size - chunk * JobStore.CHUNK);
  }
}
