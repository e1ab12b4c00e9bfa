package fanfetch.fetcher;

import fanfetch.model.HeaderRules;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The request headers of a task: checked before anything is sent, and trimmed of credentials for another origin. Pure. */
final class RequestHeaders {

  private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

  private RequestHeaders() {
  }

  /**
   * Why the headers cannot be sent, or null when they can. Checked as the job parser does (RFC 9110),
   * because a task can reach a fetcher without it (straight on the event bus). Never quotes a value.
   */
  static String problem(Map<String, String> headers) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey() == null || !HeaderRules.isToken(header.getKey())) {
        return "a request header name is not an HTTP token";
      }
      String problem = header.getValue() == null ? "has no value" : HeaderRules.headerValueProblem(header.getValue());
      if (problem != null) {
        return "request header " + header.getKey() + " " + problem;
      }
    }
    return null;
  }

  /** The headers for a hop: credentials meant for the URL's origin are not handed to another origin a redirect points at. */
  static Map<String, String> forHop(Map<String, String> headers, boolean crossedOrigin) {
    Map<String, String> hop = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (!crossedOrigin || !CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        hop.put(name, value);
      }
    });
    return hop;
  }
}
