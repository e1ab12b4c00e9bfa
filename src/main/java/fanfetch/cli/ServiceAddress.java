package fanfetch.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a running service is and how to sign in to it (its base URI and API key), and the paths
 * of its HTTP API that the commands use: the one place the key's header and a job's path are
 * written, whichever client sends the request (Vert.x's, or the JDK's in a shutdown hook).
 *
 * @param base the service's base URI, without a trailing slash (as {@link ServerOptions#base()} gives it)
 * @param key  the API key, or null for none
 */
record ServiceAddress(URI base, String key) {

  /** {@code POST} here submits a job and answers at once with its id. */
  static final String SUBMIT = "/jobs?wait=false";

  ServiceAddress {
    // A blank key is no key: sending "Bearer " would only get a 401.
    key = key == null || key.isBlank() ? null : key.trim();
  }

  /** The absolute URI of one of the service's paths. */
  String uri(String path) {
    return base + path;
  }

  /** The {@code Authorization} header's value, when there is a key. */
  Optional<String> authorization() {
    return key == null ? Optional.empty() : Optional.of("Bearer " + key);
  }

  /** What the commands say when no answer came: {@code cannot reach <base>: <why>}. */
  String unreachable(Throwable why) {
    return "cannot reach " + base + ": " + JobOptions.describe(why);
  }

  /** {@link #SUBMIT} with a JobSpec's options as its query ({@link SpecQuery}), for a URL list as the body. */
  static String submit(String options) {
    return SUBMIT + (options.isEmpty() ? "" : "&" + options);
  }

  /** {@code /jobs/{id}}: the job's report ({@code GET}), or its cancel ({@code DELETE}). */
  static String job(String id) {
    return "/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  /** {@code /jobs/{id}/events}: the job's progress as Server-Sent Events. */
  static String events(String id) {
    return job(id) + "/events";
  }

  /** {@code /jobs?limit=N[&after=ID]}: a page of the service's jobs, newest first. */
  static String jobs(int limit, String after) {
    return "/jobs?limit=" + limit + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
  }
}
