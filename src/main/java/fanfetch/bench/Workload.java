package fanfetch.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One thing the bench measures: {@code jobs} jobs of {@code urlsPerJob} URLs each, all to
 * {@code path} on the origin, spread over {@code hosts} loopback hosts, sent one after another.
 *
 * @param jobOptions    JobSpec fields besides {@code urls}
 * @param bytesPerUrl   the body length every URL must report
 * @param floorSeconds  the least time a run can take (the origin's delay), 0 when there is none
 */
record Workload(Name name, int jobs, int urlsPerJob, String path, int hosts, JsonObject jobOptions,
                long bytesPerUrl, Measure measure, double floorSeconds) {

  /** The workloads, by the names {@code --only} takes. */
  enum Name {
    FANOUT("fanout"), BIG_FANOUT("big-fanout"), THROUGHPUT("throughput"), LARGE_BODIES("large-bodies"),
    OVERHEAD("overhead"), CLI("cli"), CLI_FANOUT("cli-fanout");

    private final String cliName;

    Name(String cliName) {
      this.cliName = cliName;
    }

    @Override
    public String toString() {
      return cliName;
    }
  }

  /** What a run's headline figure is. */
  enum Measure {
    /** the job's time, against the floor */
    TIME_VS_FLOOR,
    /** fetches per second */
    FETCH_RATE,
    /** MB/s (10^6 bytes) */
    BYTE_RATE,
    /** p50 and p99 of the time of each one-URL job */
    JOB_LATENCY
  }

  /** Whether a run is a whole {@code fanfetch fetch} process (no service), not a job sent to the service. */
  boolean commandLine() {
    return name == Name.CLI || name == Name.CLI_FANOUT;
  }

  /** The most connections the workload holds open at once, on the service and on the origin. */
  int connections() {
    return Math.min(urlsPerJob, jobOptions.getInteger("concurrency", 1));
  }

  long bytesPerJob() {
    return bytesPerUrl * urlsPerJob;
  }

  /** The JobSpecs of one run, encoded once so that encoding is never timed. */
  List<Buffer> jobSpecs(OriginProcess origin) {
    List<Buffer> specs = new ArrayList<>(jobs);
    int n = 0;
    for (int job = 0; job < jobs; job++) {
      JsonArray urls = new JsonArray();
      for (int i = 0; i < urlsPerJob; i++, n++) {
        // ?i=n: no two URLs of a run are the same
        urls.add(origin.url(n % hosts + 1, path + "?i=" + n));
      }
      specs.add(jobOptions.copy().put("urls", urls).toBuffer());
    }
    return specs;
  }

  /** {@code fanout: 1,000 × /delay/1000 over 50 hosts}. */
  String title() {
    String where = hosts == 1 ? ", 1 host" : " over " + hosts + " hosts";
    String what = String.format(Locale.ROOT, "%,d × %s%s", urlsPerJob, path, where);
    if (commandLine()) {
      return name + ": `fanfetch fetch` of " + what + ", whole process";
    }
    return name + ": " + (jobs == 1 ? what : String.format(Locale.ROOT, "%,d jobs of %s", jobs, what));
  }
}
