package fanfetch.guard;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Resolves a reference (a redirect's {@code Location}) against the URI it came from as RFC 3986
 * says. java.net.URI follows the older RFC 2396, which differs from it in two ways a redirect can
 * hit; this class fixes those two and leaves the rest to {@link URI#resolve} and {@link URI#normalize}.
 * Pure.
 */
final class Rfc3986Resolver {

  private Rfc3986Resolver() {
  }

  /**
   * @param base an absolute URI with an authority
   * @throws URISyntaxException when the resolved parts do not make a URI again
   */
  static URI resolve(URI base, URI reference) throws URISyntaxException {
    URI resolved;
    if (reference.getScheme() == null && reference.getRawAuthority() == null
        && (reference.getRawPath() == null || reference.getRawPath().isEmpty()) && reference.getRawQuery() != null) {
      // RFC 3986 5.2.2: "?q" keeps the base path; java.net.URI (RFC 2396) would drop its last segment.
      resolved = new URI(base.getScheme() + "://" + base.getRawAuthority() + base.getRawPath()
          + "?" + reference.getRawQuery());
    } else {
      resolved = base.resolve(reference).normalize();
    }
    return dropDotSegmentsAboveRoot(resolved);
  }

  /** RFC 3986 5.2.4: ".." segments above the root are removed; java.net.URI keeps them ("/../x"). */
  static URI dropDotSegmentsAboveRoot(URI uri) throws URISyntaxException {
    String path = uri.getRawPath();
    if (path == null || uri.getScheme() == null || uri.getRawAuthority() == null) {
      return uri;
    }
    String p = path;
    while (p.equals("/..") || p.startsWith("/../")) {
      p = p.length() == 3 ? "/" : p.substring(3);
    }
    if (p.equals(path)) {
      return uri;
    }
    return new URI(uri.getScheme() + "://" + uri.getRawAuthority() + p
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }
}
