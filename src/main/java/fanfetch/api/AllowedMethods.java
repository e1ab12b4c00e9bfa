package fanfetch.api;

import fanfetch.model.JobIds;

/**
 * The methods each path of the API answers, for the {@code Allow} header of a 405: each method
 * once, as RFC 9110 lists them. Paths not named here are the web page's static files.
 */
final class AllowedMethods {

  private AllowedMethods() {
  }

  static String of(String path) {
    if ("/jobs".equals(path)) {
      return "GET, POST";
    }
    if (path.startsWith("/jobs/")) {
      String rest = path.substring("/jobs/".length());
      if (rest.endsWith("/events") && JobIds.isWellFormed(rest.substring(0, rest.length() - "/events".length()))) {
        return "GET";
      }
      return "GET, DELETE";
    }
    return "GET, HEAD";
  }
}
