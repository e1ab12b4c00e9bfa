package fanfetch.cli;

import picocli.CommandLine;

/** What {@code -V}/{@code --version} prints, for every command: fanfetch's version and the runtime's. */
public final class Version implements CommandLine.IVersionProvider {

  public static final String FANFETCH = "0.1.0";

  @Override
  public String[] getVersion() {
    return new String[] {"fanfetch " + FANFETCH + " (Vert.x " + vertx() + ", Java " + Runtime.version() + ")"};
  }

  /** vertx-core keeps its version in a resource (the shaded jar has no per-package manifest). */
  private static String vertx() {
    try (java.io.InputStream in = Version.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      return in == null ? "5" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    } catch (java.io.IOException e) {
      return "5";
    }
  }
}
