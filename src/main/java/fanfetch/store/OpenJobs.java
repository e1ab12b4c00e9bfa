package fanfetch.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The jobs whose record was last seen unfinished, so that the disk store's
 * {@link JobStore#unfinished} reads only those records and not every finished job it keeps. A
 * superset: a job leaves it when {@link #unfinished} finds it finished or gone, or when it is
 * deleted. Not thread-safe: the store touches it on its own thread only.
 */
final class OpenJobs {

  /** Where the records are read from (the database). */
  interface Records {
    /** The job's record, or null when there is none. */
    JobRecord read(String id) throws Exception;
  }

  private final Set<String> ids = new HashSet<>();

  /** A job just created: open until a read finds it finished. */
  void add(String id) {
    ids.add(id);
  }

  /** A job's record as just read or written: kept open unless it is finished. */
  void saw(JobRecord record) {
    if (!record.finished()) {
      ids.add(record.id());
    }
  }

  void remove(String id) {
    ids.remove(id);
  }

  /** The records of the open jobs that are still unfinished; the others (finished, or gone) leave the set. */
  List<JobRecord> unfinished(Records records) throws Exception {
    List<JobRecord> found = new ArrayList<>();
    for (String id : List.copyOf(ids)) {
      JobRecord record = records.read(id);
      if (record == null || record.finished()) {
        ids.remove(id);
      } else {
        found.add(record);
      }
    }
    return found;
  }
}
