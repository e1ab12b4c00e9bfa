package fanfetch.bench;

import fanfetch.bench.Workload.Measure;
import fanfetch.bench.Workload.Name;
import fanfetch.origin.Origin;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.stream.Collectors;

/** The bench's workloads, at full size or shrunk for a smoke test ({@code --quick}). */
final class Workloads {

  /** The sizes that {@code --quick} shrinks. */
  record Scale(long delayMs, int fanoutUrls, int bigFanoutUrls, int throughputUrls, int largeBodies,
               long largeBodyBytes, int overheadJobs) {
  }

  static final Scale FULL = new Scale(1000, 1_000, 10_000, 20_000, 4, 256L << 20, 500);
  static final Scale QUICK = new Scale(50, 20, 40, 20, 2, 1L << 20, 20);

  /** The request rate is measured over one host, with the window of a well-tuned client. */
  private static final int THROUGHPUT_WINDOW = 256;
  private static final int SMALL_BODY = 1024;
  private static final int CLI_URLS = 4;

  private Workloads() {
  }

  /** The named workloads, in the order given, with URLs spread over {@code hosts} hosts. */
  static List<Workload> of(List<Name> names, Scale scale, int hosts) {
    return names.stream().map(name -> of(name, scale, hosts)).collect(Collectors.toList());
  }

  static Workload of(Name name, Scale scale, int hosts) {
    String delay = "/delay/" + scale.delayMs();
    long delayBody = Origin.DELAY_BODY.length();
    double floor = scale.delayMs() / 1000.0;
    return switch (name) {
      // Every URL in flight at once: no window, the job takes as long as the slowest URL.
      case FANOUT -> new Workload(name, 1, scale.fanoutUrls(), delay, hosts,
          window(scale.fanoutUrls(), scale.fanoutUrls()), delayBody, Measure.TIME_VS_FLOOR, floor);
      case BIG_FANOUT -> new Workload(name, 1, scale.bigFanoutUrls(), delay, hosts,
          window(scale.bigFanoutUrls(), scale.bigFanoutUrls()), delayBody, Measure.TIME_VS_FLOOR, floor);
      case THROUGHPUT -> new Workload(name, 1, scale.throughputUrls(), "/bytes/" + SMALL_BODY, 1,
          window(THROUGHPUT_WINDOW, THROUGHPUT_WINDOW), SMALL_BODY, Measure.FETCH_RATE, 0);
      // Hashing every byte is what a job does by default, so it is part of the measured rate.
      case LARGE_BODIES -> new Workload(name, 1, scale.largeBodies(), "/bytes/" + scale.largeBodyBytes(), 1,
          window(scale.largeBodies(), scale.largeBodies())
              .put("maxBytes", 2 * scale.largeBodyBytes()).put("digest", "sha256"),
          scale.largeBodyBytes(), Measure.BYTE_RATE, 0);
      // One-URL jobs on the service's defaults: what a job costs beyond its fetch.
      case OVERHEAD -> new Workload(name, scale.overheadJobs(), 1, "/bytes/" + SMALL_BODY, 1,
          new JsonObject(), SMALL_BODY, Measure.JOB_LATENCY, 0);
      // The command line as a user runs it, JVM start and all: the lesson's four URLs, then a fan-out.
      case CLI -> new Workload(name, 1, CLI_URLS, delay, Math.min(hosts, CLI_URLS), window(CLI_URLS, CLI_URLS),
          delayBody, Measure.TIME_VS_FLOOR, floor);
      case CLI_FANOUT -> new Workload(name, 1, scale.bigFanoutUrls(), delay, hosts,
          window(scale.bigFanoutUrls(), scale.bigFanoutUrls()), delayBody, Measure.TIME_VS_FLOOR, floor);
    };
  }

  private static JsonObject window(int concurrency, int perHost) {
    return new JsonObject().put("concurrency", concurrency).put("perHost", perHost);
  }
}
