package fanfetch.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What the commands that talk to a running service share (a picocli mixin): {@code --server} and
 * {@code --api-key} (or the {@code FANFETCH_API_KEY} variable).
 */
public final class ServerOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = {"-s", "--server"}, paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
      description = "The fanfetch service (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "API key, sent as Authorization: Bearer (default: the FANFETCH_API_KEY environment variable, "
          + "which, unlike this option, does not show in ps).")
  String apiKey;

  /** {@code --server} as a base URI without a trailing slash; {@code host:port} means http. */
  URI base() {
    String text = server.trim();
    if (!text.contains("://")) {
      text = "http://" + text;
    }
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
          || uri.getQuery() != null || uri.getFragment() != null) {
        throw new URISyntaxException(server, "expected http(s)://host[:port][/path]");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ParameterException(command.commandLine(), "--server: not a server URL: '" + server
          + "' (expected http(s)://host[:port])");
    }
  }

  /** The service to talk to: {@link #base()} and the key given, if any (a blank one is none). */
  ServiceAddress address() {
    return new ServiceAddress(base(), apiKey != null ? apiKey : System.getenv("FANFETCH_API_KEY"));
  }

  /** The hint after a 401. */
  static String keyHint() {
    return "  (give the service's API key with --api-key or the FANFETCH_API_KEY environment variable)";
  }

}
