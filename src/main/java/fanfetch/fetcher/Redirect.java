package fanfetch.fetcher;

import fanfetch.guard.TargetUrl;
import fanfetch.guard.UrlRedaction;
import fanfetch.model.ErrorKind;

/** Whether a redirect is followed: its next URL, or why not. Pure. */
record Redirect(TargetUrl next, ErrorKind refusal, String message) {

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** @param followed redirects already followed by this fetch */
  static Redirect of(TargetUrl from, String location, int followed, int maxRedirects) {
    TargetUrl next;
    try {
      next = from.resolve(location);
    } catch (TargetUrl.InvalidUrlException e) {
      return new Redirect(null, e.unsupportedScheme() ? ErrorKind.BLOCKED : ErrorKind.PROTOCOL,
          "redirect to '" + UrlRedaction.redact(location) + "' refused: " + e.getMessage());
    }
    if (followed + 1 > maxRedirects) {
      return new Redirect(null, ErrorKind.TOO_MANY_REDIRECTS, "more than " + maxRedirects + " redirects (next: "
          + next + ")");
    }
    return new Redirect(next, null, null);
  }
}
