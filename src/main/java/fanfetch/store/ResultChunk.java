package fanfetch.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of one run whose indices fall in one chunk, as the cluster store keeps them (one
 * map entry for up to {@link JobStore#CHUNK} results), with the newest epoch that wrote or sealed
 * it: writes under an older one are refused.
 */
public final class ResultChunk implements DataSerializable {

  private long fence;
  private int[] indices = new int[0];
  private byte[][] stored = new byte[0][];

  public ResultChunk() {
  }

  long fence() {
    return fence;
  }

  void seal(long epoch) {
    fence = Math.max(fence, epoch);
  }

  /**
   * Adds the results whose index has none yet, under {@code epoch}.
   *
   * @param newIndices the results' indices, beside their stored form in {@code newStored}
   * @return how many were new, or -1 when {@code epoch} is older than the chunk's fence
   */
  int merge(long epoch, int[] newIndices, List<byte[]> newStored) {
    if (!Leases.accepts(fence, epoch)) {
      return -1;
    }
    fence = epoch;
    TreeMap<Integer, byte[]> all = new TreeMap<>();
    for (int i = 0; i < indices.length; i++) {
      all.put(indices[i], stored[i]);
    }
    int added = 0;
    for (int i = 0; i < newIndices.length; i++) {
      if (all.putIfAbsent(newIndices[i], newStored.get(i)) == null) {
        added++;
      }
    }
    if (added > 0) {
      indices = new int[all.size()];
      stored = new byte[all.size()][];
      int i = 0;
      for (Map.Entry<Integer, byte[]> e : all.entrySet()) {
        indices[i] = e.getKey();
        stored[i++] = e.getValue();
      }
    }
    return added;
  }

  List<StoredResult> results() {
    return results(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** The results with indices in {@code [from, to)}, only those decoded. */
  List<StoredResult> results(int from, int to) {
    int first = java.util.Arrays.binarySearch(indices, from);
    int start = first >= 0 ? first : -first - 1;
    List<StoredResult> out = new ArrayList<>();
    for (int i = start; i < indices.length && indices[i] < to; i++) {
      out.add(StoredResult.decode(indices[i], stored[i]));
    }
    return out;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(fence);
    out.writeIntArray(indices);
    out.writeInt(stored.length);
    for (byte[] s : stored) {
      out.writeByteArray(s);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    fence = in.readLong();
    indices = in.readIntArray();
    int n = in.readInt();
    stored = new byte[n][];
    for (int i = 0; i < n; i++) {
      stored[i] = in.readByteArray();
    }
  }
}
