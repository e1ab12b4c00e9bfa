package fanfetch;

import fanfetch.app.BindFailure;
import fanfetch.app.ClusterSetup;
import fanfetch.app.ConfigLoader;
import fanfetch.app.Demo;
import fanfetch.app.Service;
import fanfetch.app.VertxFactory;
import fanfetch.bench.BenchCommand;
import fanfetch.cli.CancelCommand;
import fanfetch.cli.FetchCommand;
import fanfetch.cli.JobsCommand;
import fanfetch.cli.Stdio;
import fanfetch.cli.SubmitCommand;
import fanfetch.cli.UsageErrors;
import fanfetch.cli.Version;
import fanfetch.config.Settings;
import fanfetch.origin.OriginCommand;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanfetch} (serve the API, the default), {@code fanfetch demo}, and the command line:
 * {@code fanfetch fetch} (a job in this process) and {@code fanfetch submit} (a job sent to a
 * running service); {@code fanfetch origin} (the test origin); {@code fanfetch bench} (the
 * benchmark). Only {@link #main} exits the JVM; tests run {@link #commandLine()}.
 */
@Command(name = "fanfetch", mixinStandardHelpOptions = true,
    description = "Concurrent URL-fetch service: POST a list of URLs, get one report.",
    subcommands = {Main.Serve.class, Main.DemoCommand.class, FetchCommand.class, SubmitCommand.class,
        JobsCommand.class, CancelCommand.class, OriginCommand.class, BenchCommand.class})
public final class Main implements Callable<Integer> {

  @Mixin
  ServeOptions options;

  /** How a node starts: its configuration file and whether (and how) it joins a cluster. */
  static final class ServeOptions {
    @Option(names = "--conf", paramLabel = "FILE",
        description = "configuration file (default: ${DEFAULT-VALUE}, if present)", defaultValue = ConfigLoader.DEFAULT_FILE)
    String conf;

    @Option(names = "--cluster",
        description = "join the Hazelcast cluster (also cluster.enabled in the config, or FANFETCH_CLUSTER=true)")
    boolean cluster;

    @Option(names = "--cluster-config", paramLabel = "FILE",
        description = "Hazelcast configuration (default: conf/cluster.xml if present, else the one in the jar)")
    String clusterConfig;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line as {@link #main} runs it: every command prints the version with
   * {@code -V}, and a usage error is one line and where the help is.
   */
  public static CommandLine commandLine() {
    return commandLine(Stdio.system());
  }

  /** The command line with standard streams of the caller's choosing (tests say what a shell would have). */
  public static CommandLine commandLine(Stdio stdio) {
    CommandLine commandLine = new CommandLine(new Main());
    prepare(commandLine, stdio);
    return UsageErrors.install(commandLine);
  }

  private static void prepare(CommandLine command, Stdio stdio) {
    command.getCommandSpec().versionProvider(new Version());
    if (command.getCommand() instanceof Stdio.User user) {
      user.stdio(stdio);
    }
    command.getSubcommands().values().forEach(sub -> prepare(sub, stdio));
  }

  @Override
  public Integer call() throws Exception {
    return serve(options);
  }

  static int serve(ServeOptions options) throws Exception {
    // The configuration says whether to join a cluster, so it is read before the node's Vert.x
    // exists (with a short-lived one of its own).
    JsonObject config;
    Vertx reader = Vertx.vertx();
    try {
      config = ConfigLoader.load(reader, explicit(options.conf)).await();
    } catch (Exception e) {
      System.err.println("fanfetch: cannot start: " + e.getMessage());
      return 2;
    } finally {
      reader.close().await(10, TimeUnit.SECONDS);
    }
    boolean clustered = options.cluster || config.getJsonObject("cluster", new JsonObject()).getBoolean("enabled", false);
    Vertx vertx;
    try {
      JsonObject metricsConfig = config.getJsonObject("metrics", new JsonObject());
      boolean metrics = metricsConfig.getBoolean("enabled", true);
      boolean perMessage = metricsConfig.getBoolean("perMessage", false);
      int eventLoops = Settings.eventLoops(config);
      vertx = clustered
          ? ClusterSetup.start(options.clusterConfig, System.getenv(), metrics, perMessage, eventLoops,
              fanfetch.config.Settings.from(config).durability().backups()).await()
          : VertxFactory.create(metrics, perMessage, eventLoops);
    } catch (Exception e) {
      System.err.println("fanfetch: cannot join the cluster: " + e.getMessage());
      return 2;
    }
    Service service;
    try {
      service = Service.deploy(vertx, config).await();
      System.out.println("fanfetch listening on http://" + service.host() + ":" + service.port()
          + (vertx.isClustered() ? " (cluster node " + service.node() + ")" : ""));
    } catch (Exception e) {
      Settings settings = Settings.from(config);
      String bind = BindFailure.describe(e, settings.httpHost(), settings.httpPort(),
          "set FANFETCH_HTTP_PORT or http.port", "set FANFETCH_HTTP_HOST or http.host");
      System.err.println("fanfetch: cannot start: " + (bind != null ? bind : e.getMessage()));
      vertx.close().await(10, TimeUnit.SECONDS);
      return 2;
    }
    // SIGTERM drains the node (see Service.drain), then closes it; a second signal or the grace's end
    // stops it anyway.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        Service.drain(vertx, service.graceMs()).await(service.graceMs() + 5_000, TimeUnit.MILLISECONDS);
      } catch (Exception timedOut) {
        // closing anyway
      }
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }));
    Thread.currentThread().join();
    return 0;
  }

  /** The default file is optional; a file named on the command line must exist. */
  private static String explicit(String conf) {
    return ConfigLoader.DEFAULT_FILE.equals(conf) ? null : conf;
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the HTTP API (the default).")
  static final class Serve implements Callable<Integer> {
    @Mixin
    ServeOptions options;

    @Override
    public Integer call() throws Exception {
      return serve(options);
    }
  }

  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Fetch four ~1 MB documents from a built-in slow origin, sequentially then in parallel.")
  static final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--delay-ms", defaultValue = "1000",
        description = "origin latency per document, 0 to " + Demo.MAX_DELAY_MS + " (default: ${DEFAULT-VALUE})")
    long delayMs;

    @Override
    public Integer call() throws Exception {
      if (delayMs < 0 || delayMs > Demo.MAX_DELAY_MS) {
        throw new ParameterException(spec.commandLine(), "--delay-ms must be from 0 to " + Demo.MAX_DELAY_MS
            + ", got " + delayMs);
      }
      return Demo.run(delayMs, System.out);
    }
  }
}
