package fanfetch.fetcher;

import fanfetch.guard.TargetUrl;
import fanfetch.model.Results;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;

/** What a finished fetch knows, as its Result document (the fetch part; the coordinator adds the rest). */
record FetchResult(TargetUrl url, Integer status, BodyMeter meter, String contentType, int redirects,
                   HttpVersion responseVersion, String node) {

  JsonObject toJson(JsonObject timings, JsonObject error, HopConnector connection) {
    HttpVersion version = responseVersion != null ? responseVersion : connection.protocolVersion();
    JsonObject result = new JsonObject()
        .put(Results.FINAL_URL, url == null ? null : url.toString())
        .put(Results.OK, error == null && status != null && status >= 200 && status < 300)
        .put(Results.STATUS, status)
        .put(Results.BYTES, meter == null ? 0L : meter.bytes())
        .put(Results.CONTENT_TYPE, contentType)
        .put(Results.SHA256, error == null && meter != null ? meter.sha256Hex() : null)
        .put(Results.REDIRECTS, redirects)
        .put(Results.NODE, node)
        .put(Results.TIMINGS, timings)
        .put(Results.ERROR, error)
        .put(Results.HTTP_VERSION, HttpVersions.wireName(version))
        .put(Results.REMOTE_ADDRESS, connection.remoteAddress())
        .put(Results.CONNECTION_ID, connection.connectionId())
        .put(Results.TLS, url != null && url.ssl() ? connection.tls() : null);
    if (!connection.history().isEmpty()) {
      result.put(Results.HISTORY, connection.history().copy());
    }
    return result;
  }
}
