package fanfetch.origin;

import fanfetch.app.BindFailure;
import fanfetch.app.UntilInterrupted;
import io.vertx.core.Vertx;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanfetch origin}: the test origin on its own, for trying the service, the page and the
 * command line from a fresh clone (every example in the README uses it). Runs until interrupted.
 */
@Command(name = "origin", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serve a test origin on loopback until interrupted: " + Origin.ROUTES + ".",
        "It prints its URL and the FANFETCH_GUARD_ALLOW value that lets a service reach it."},
    footerHeading = "%nExamples:%n",
    footer = {"  fanfetch origin                    # http://127.0.0.1:18080/",
        "  fanfetch origin --port 0 --hosts 50 # 127.0.0.1 ... 127.0.0.50, one free port"})
public final class OriginCommand implements Callable<Integer> {

  /** The port the README's examples use. */
  public static final int DEFAULT_PORT = 18080;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
      description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}). An address beyond loopback lets other "
          + "machines use this origin.")
  String host;

  @Option(names = "--hosts", paramLabel = "N", defaultValue = "1",
      description = "Listen on 127.0.0.1 ... 127.0.0.N, N distinct hosts for per-host limits (default: 1; "
          + "not with --host).")
  int hosts;

  @Override
  public Integer call() throws Exception {
    List<String> addresses = addresses();
    PrintWriter out = spec.commandLine().getOut();
    Vertx vertx = Vertx.vertx();
    Origin.Listening origin;
    try {
      origin = Origin.deploy(vertx, new Origin.Options(addresses, port, 1000), 1).await();
    } catch (Exception e) {
      String why = BindFailure.describe(e, host, port, "choose another with --port", "choose another with --host");
      spec.commandLine().getErr().println("fanfetch origin: " + (why != null ? why : "cannot listen: " + e.getMessage()));
      vertx.close().await(10, TimeUnit.SECONDS);
      return 2;
    }
    for (String line : banner(origin, isLoopback(host))) {
      out.println(line);
    }
    out.flush();
    UntilInterrupted.serve(vertx);
    return 0;
  }

  private List<String> addresses() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, got " + port);
    }
    if (hosts < 1 || hosts > Origin.MAX_LOOPBACK_HOSTS) {
      throw new ParameterException(spec.commandLine(), "--hosts must be from 1 to " + Origin.MAX_LOOPBACK_HOSTS
          + ", got " + hosts);
    }
    if (hosts > 1) {
      if (spec.commandLine().getParseResult().hasMatchedOption("--host")) {
        throw new ParameterException(spec.commandLine(), "--hosts and --host do not go together");
      }
      return Origin.loopbackHosts(hosts);
    }
    return List.of(host);
  }

  /** What the origin prints once it listens: its URL, its routes, and how a service may reach it. */
  static List<String> banner(Origin.Listening origin, boolean loopback) {
    List<String> hosts = origin.hosts();
    String where = hosts.size() == 1 ? origin.url("/")
        : origin.url("/") + " … " + origin.url(hosts.size() - 1, "/");
    String allow = hosts.size() == 1 ? hostPort(hosts.get(0), origin.port()) : "127.0.0.0/24:" + origin.port();
    List<String> lines = new java.util.ArrayList<>(List.of(
        "fanfetch origin: serving " + where + " (Ctrl-C stops it)",
        "  " + Origin.ROUTES,
        "For a service to reach it: FANFETCH_GUARD_ALLOW=" + allow + " (fanfetch fetch: --allow " + allow + ")"));
    if (!loopback) {
      lines.add("Note: " + hosts.get(0) + " is not loopback: other machines can use this origin too.");
    }
    return lines;
  }

  private static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
