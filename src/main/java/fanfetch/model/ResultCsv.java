package fanfetch.model;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** One CSV row per Result (RFC 4180 quoting), the columns of the report flattened. Pure. */
public final class ResultCsv {

  public static final List<String> COLUMNS = List.of("index", "url", "finalUrl", "ok", "status", "bytes",
      "contentType", "sha256", "redirects", "attempts", "node", "startMs", "dnsMs", "connectMs", "tlsMs", "ttfbMs",
      "downloadMs", "totalMs", "reusedConnection", "errorKind", "errorMessage", "errorPhase", "run",
      // Added later, at the end: columns are only ever appended.
      "httpVersion", "remoteAddress", "connectionId", "tlsVersion", "tlsCipher", "tlsCertSubject", "tlsCertIssuer",
      "tlsCertNotAfter", "queueMs", "queuedBy");

  private ResultCsv() {
  }

  public static String header() {
    return String.join(",", COLUMNS) + "\r\n";
  }

  public static String row(JsonObject result) {
    JsonObject timings = result.getJsonObject(Results.TIMINGS, new JsonObject());
    JsonObject error = result.getJsonObject(Results.ERROR);
    JsonObject tls = result.getValue(Results.TLS) instanceof JsonObject t ? t : new JsonObject();
    Object[] values = {
        result.getValue(Results.INDEX), result.getValue(Results.URL), result.getValue(Results.FINAL_URL),
        result.getValue(Results.OK), result.getValue(Results.STATUS), result.getValue(Results.BYTES),
        result.getValue(Results.CONTENT_TYPE), result.getValue(Results.SHA256), result.getValue(Results.REDIRECTS),
        result.getValue(Results.ATTEMPTS), result.getValue(Results.NODE),
        timings.getValue(Results.START_MS), timings.getValue(Results.DNS_MS), timings.getValue(Results.CONNECT_MS),
        timings.getValue(Results.TLS_MS), timings.getValue(Results.TTFB_MS), timings.getValue(Results.DOWNLOAD_MS),
        timings.getValue(Results.TOTAL_MS), timings.getValue(Results.REUSED),
        error == null ? null : error.getValue(Results.ERROR_KIND),
        error == null ? null : error.getValue(Results.ERROR_MESSAGE),
        error == null ? null : error.getValue(Results.ERROR_PHASE), result.getValue(Results.RUN),
        result.getValue(Results.HTTP_VERSION), result.getValue(Results.REMOTE_ADDRESS),
        result.getValue(Results.CONNECTION_ID), tls.getValue(Results.TLS_VERSION), tls.getValue(Results.TLS_CIPHER),
        tls.getValue(Results.TLS_CERT_SUBJECT), tls.getValue(Results.TLS_CERT_ISSUER),
        tls.getValue(Results.TLS_CERT_NOT_AFTER), result.getValue(Results.QUEUE_MS), result.getValue(Results.QUEUED_BY)};
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(field(values[i]));
    }
    return line.append("\r\n").toString();
  }

  /**
   * A field, quoted when it holds a comma, quote, CR or LF (quotes doubled); null is empty. Text
   * that a spreadsheet would run as a formula (= + - @ first) gets a leading apostrophe.
   */
  static String field(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    if (value instanceof String && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }
}
