package fanfetch.model;

import io.vertx.core.json.JsonObject;

/** RFC 9457 problem documents, built in one place for HTTP answers and event-bus failures. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  /** A URN, not a web address: problem types name a kind of failure, nobody is meant to fetch them. */
  private static final String TYPE_BASE = "urn:fanfetch:problem:";

  private Problems() {
  }

  public static JsonObject problem(int status, String title, String detail) {
    return new JsonObject()
        .put("type", TYPE_BASE + slug(title))
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
  }

  private static String slug(String title) {
    return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
