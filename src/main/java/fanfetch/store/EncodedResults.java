package fanfetch.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch of results in their stored form ({@link StoredResult#encode}), each beside its index: what
 * the disk store writes as rows and the cluster store sends to a chunk's owner to merge. Encoded by
 * whoever hands the batch in, on its own thread, before it goes to the store's.
 *
 * @param indices the results' indices, in the batch's order
 * @param stored  their stored forms, in the same order
 */
record EncodedResults(int[] indices, List<byte[]> stored) {

  static EncodedResults of(List<StoredResult> results) {
    int[] indices = new int[results.size()];
    List<byte[]> stored = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      indices[i] = results.get(i).index();
      stored.add(results.get(i).encode());
    }
    return new EncodedResults(indices, stored);
  }

  int size() {
    return indices.length;
  }
}
