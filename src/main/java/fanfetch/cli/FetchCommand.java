package fanfetch.cli;

import fanfetch.app.ConfigLoader;
import fanfetch.app.Service;
import fanfetch.config.Settings;
import fanfetch.guard.AllowRule;
import fanfetch.model.Addresses;
import fanfetch.model.ReportHead;
import fanfetch.store.JobStore;
import fanfetch.store.JobStores;
import fanfetch.store.StoredReports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanfetch fetch}: runs one job in this process, with no HTTP server. Deploys the
 * coordinator and the fetchers on a Vert.x of its own and talks to them over the event bus: submits
 * with {@code fanfetch-reply: accepted}, subscribes to the job's progress, fills any gap from a
 * {@code get} snapshot, then waits for the report with the {@code wait} control operation.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Fetch URLs in this process (no server) and print one line per URL.",
        "The address guard stays on: loopback and private addresses are refused unless opened with --allow."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_SOME_FAILED,
        "2:bad usage, a refused job or configuration error"},
    footerHeading = "%nExamples:%n",
    footer = {"  fanfetch fetch https://example.org/ https://example.com/",
        "  fanfetch fetch -f urls.txt --mode compare -o csv > results.csv",
        "  fanfetch fetch --allow 127.0.0.1:8000 http://127.0.0.1:8000/big.iso"})
public final class FetchCommand implements Callable<Integer>, Stdio.User {

  /** How long to wait for a job's end (the longest deadline a job may have is 7 days). */
  static final long WAIT_TIMEOUT_MS = TimeUnit.DAYS.toMillis(30);
  private static final DeliveryOptions CONTROL = new DeliveryOptions().setSendTimeout(30_000);

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  JobOptions job;

  @Option(names = "--allow", paramLabel = "CIDR", converter = AllowConverter.class,
      description = "Open the address guard for a range (repeatable), like guard.allow: "
          + "10.0.0.0/8, 127.0.0.1:8080 (one port), [::1]/128:8080.")
  List<String> allow = new ArrayList<>();

  private Stdio stdio = Stdio.system();

  @Option(names = "--conf", paramLabel = "FILE",
      description = "Configuration file (default: conf/config.json, if present); FANFETCH_* variables apply too.")
  String conf;

  @Override
  public void stdio(Stdio given) {
    this.stdio = given;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> urls = job.urls(stdio);
    JsonObject jobSpec = job.spec(urls);
    return LocalVertx.run("fetch", err, vertx -> {
      JsonObject config;
      try {
        config = configure(ConfigLoader.load(vertx, conf).await());
      } catch (Exception e) {
        err.println("fanfetch fetch: bad configuration: " + JobOptions.describe(e));
        return ExitCodes.USAGE;
      }
      Service.deployWorkers(vertx, config).await();
      ResultTracker tracker = new ResultTracker(urls.size());
      JsonObject report;
      try (Progress progress = Progress.of(job.progress(stdio), "fetch", tracker, err)) {
        report = run(vertx, JobStores.of(vertx), jobSpec, tracker, progress);
        tracker.addAll(report);
      } catch (Refused refused) {
        err.println("fanfetch fetch: " + refused.getMessage());
        return ExitCodes.USAGE;
      }
      out.print(ReportOutput.render(job.output, report, new ReportOutput.Context(true, limits(config))));
      out.flush();
      return ExitCodes.of(report);
    });
  }

  /** The loaded configuration with the {@code --allow} rules added. */
  private JsonObject configure(JsonObject loaded) {
    JsonObject config = loaded.copy();
    JsonObject guard = config.getJsonObject("guard");
    if (guard == null) {
      guard = new JsonObject();
      config.put("guard", guard);
    }
    JsonArray rules = guard.getJsonArray("allow");
    if (rules == null) {
      rules = new JsonArray();
      guard.put("allow", rules);
    }
    allow.forEach(rules::add);
    // One run of the command: its job need not outlive the process.
    JsonObject jobs = config.getJsonObject("jobs");
    if (jobs == null) {
      jobs = new JsonObject();
      config.put("jobs", jobs);
    }
    jobs.put("store", "memory");
    Settings.from(config);
    return config;
  }

  /** The job's limits: those given as options, else this process's configured defaults. */
  private Map<String, Integer> limits(JsonObject config) {
    Settings settings = Settings.from(config);
    Map<String, Integer> limits = new HashMap<>(Map.of(
        "concurrency", settings.defaults().concurrency(),
        "perHost", settings.defaults().perHost(),
        "nodeInFlight", settings.maxInFlight(),
        "pool", settings.maxConnectionsPerHost()));
    limits.putAll(job.limits());
    return limits;
  }

  private static JsonObject run(Vertx vertx, JobStore store, JsonObject jobSpec, ResultTracker tracker,
                                Progress progress) {
    String id;
    try {
      id = vertx.eventBus().<JsonObject>request(Addresses.JOBS, jobSpec, new DeliveryOptions()
              .setSendTimeout(30_000)
              .addHeader(Addresses.REPLY_HEADER, Addresses.REPLY_ACCEPTED))
          .await().body().getString("id");
    } catch (ReplyException e) {
      if (e.failureType() == ReplyFailure.RECIPIENT_FAILURE && e.failureCode() >= 400 && e.failureCode() < 600) {
        throw new Refused(ProblemText.describe(e.failureCode(), e.getMessage()));
      }
      throw e;
    }
    // Subscribe, then read a snapshot: results published before the subscription are in it.
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.progress(id), (Message<JsonObject> m) -> {
      if (Addresses.EVENT_RESULT.equals(m.headers().get(Addresses.EVENT_HEADER)) && tracker.add(m.body())) {
        progress.update();
      }
    });
    consumer.completion().await();
    control(vertx, id, Addresses.OP_GET, CONTROL, store).onSuccess(snapshot -> {
      tracker.addAll(snapshot);
      progress.update();
    }).await();
    JsonObject report = control(vertx, id, Addresses.OP_WAIT, new DeliveryOptions().setSendTimeout(WAIT_TIMEOUT_MS),
        store).await();
    consumer.unregister();
    return report;
  }

  /** A control request; a job whose control address is gone is finished and read from the store. */
  private static Future<JsonObject> control(Vertx vertx, String id, String op, DeliveryOptions options,
                                            JobStore store) {
    return vertx.eventBus().<JsonObject>request(Addresses.control(id), new JsonObject().put("op", op), options)
        .map(Message::body)
        .recover(e -> e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
            ? store.get(id).compose(record -> record != null && record.json("head") != null
                ? StoredReports.assemble(store, new ReportHead(record.json("head"))) : Future.failedFuture(e))
            : Future.failedFuture(e));
  }

  /** The coordinator refused the job (a problem: 400, 413, 429). */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Checks an {@code --allow} rule as the guard will read it. */
  static final class AllowConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        AllowRule.parse(value);
        return value.trim();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("not an address range: " + e.getMessage());
      }
    }
  }
}
