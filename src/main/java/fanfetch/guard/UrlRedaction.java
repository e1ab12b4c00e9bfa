package fanfetch.guard;

/**
 * Hides the credentials of a URL as it was given, so that reports, logs and error messages can
 * quote it. Works on the raw text (an invalid URL is reported too, and may still carry a
 * password), never parses it. Pure.
 */
public final class UrlRedaction {

  private UrlRedaction() {
  }

  /**
   * The URL as given, with any userinfo replaced so credentials never reach a report or a log.
   * Unparseable text is returned as is (it carries no usable authority).
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return url;
    }
    int authorityStart = schemeEnd + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    // The last '@' of the authority: a password may contain '@' itself (me:p@ss@host).
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return url;
    }
    return url.substring(0, authorityStart) + "***@" + url.substring(at + 1);
  }
}
