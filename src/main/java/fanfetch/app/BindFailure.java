package fanfetch.app;

import java.util.Locale;

/**
 * One line for a server that could not listen, naming the address and what to change, instead of
 * the transport's {@code bind(..) failed with error(-98)}. Pure.
 */
public final class BindFailure {

  private BindFailure() {
  }

  /**
   * @param portRemedy what lifts a port conflict, e.g. {@code set FANFETCH_HTTP_PORT or http.port}
   * @param hostRemedy what changes the address, e.g. {@code set FANFETCH_HTTP_HOST or http.host}
   * @return the line, or null when the failure is not about the address
   */
  public static String describe(Throwable failure, String host, int port, String portRemedy, String hostRemedy) {
    for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
      String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("address already in use") || message.contains("error(-98)")) {
        return "port " + port + " on " + host + " is in use: " + portRemedy;
      }
      if (message.contains("cannot assign requested address") || message.contains("error(-99)")) {
        return host + " is not an address of this machine: " + hostRemedy;
      }
      if (message.contains("permission denied") || message.contains("error(-13)")) {
        return "port " + port + " on " + host + " needs privileges this process lacks (ports below 1024 do): "
            + portRemedy;
      }
      if (e instanceof java.net.UnknownHostException || message.contains("failed to resolve")) {
        return "cannot listen on " + host + ": no such host: " + hostRemedy;
      }
    }
    return null;
  }
}
