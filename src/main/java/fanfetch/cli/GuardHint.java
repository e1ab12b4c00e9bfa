package fanfetch.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address guard's refusal ends {@code (open it with guard.allow)}: the service's setting. In
 * {@code fetch}, the guard is this process's and the way to open it is the {@code --allow} option,
 * so its table says that, with the address that was refused. Pure.
 */
final class GuardHint {

  private static final String SERVICE_HINT = "(open it with guard.allow)";
  /** {@code 127.0.0.1:8001 refused by the address guard: …}; IPv6 hosts come unbracketed. */
  private static final Pattern REFUSED = Pattern.compile("^(.+):(\\d+) refused by the address guard");

  private GuardHint() {
  }

  static String forAllowOption(String message) {
    if (message == null || !message.contains(SERVICE_HINT)) {
      return message;
    }
    Matcher m = REFUSED.matcher(message);
    String rule = "";
    if (m.find()) {
      String host = m.group(1);
      rule = " " + (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + m.group(2);
    }
    return message.replace(SERVICE_HINT, "(open it with --allow" + rule + ")");
  }
}
