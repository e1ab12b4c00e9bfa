package fanfetch.model;

import io.vertx.core.json.JsonObject;

/**
 * A job's report as fanfetch's own parts hand it around: live (the job still runs, read from its
 * coordinator) or finished (its encoded JSON, from the coordinator or the job store). Both are
 * read-only once handed over.
 */
public sealed interface Report permits LiveReport, FinishedReport {

  /** The report as an object (for a finished report, parsed again from its bytes). */
  JsonObject toJson();
}
