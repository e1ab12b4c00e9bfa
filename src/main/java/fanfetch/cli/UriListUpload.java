package fanfetch.cli;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;

import java.util.List;

/**
 * {@code POST /jobs} with the URLs as a {@code text/uri-list} body, sent a piece at a time as the
 * server takes it (the service reads it as it streams), the options in the query. The answer is
 * read even when the server answers before the list is sent to its end (a refusal: 413 once the
 * count is passed).
 */
final class UriListUpload {

  /** URLs per piece of the body. */
  private static final int LINES_PER_PIECE = 1024;

  private UriListUpload() {
  }

  static Future<ServiceAnswer> post(HttpClient http, RequestOptions options, List<String> urls) {
    options.putHeader(HttpHeaders.CONTENT_TYPE, "text/uri-list");
    return http.request(options).compose(request -> {
      request.setChunked(true);
      Future<ServiceAnswer> answer = request.response().compose(ServiceClient::read);
      Promise<Void> sent = Promise.promise();
      writeFrom(request, urls, 0, sent);
      // A write that fails because the server answered and closed early leaves its answer standing.
      sent.future().onComplete(v -> request.end());
      return answer;
    });
  }

  private static void writeFrom(io.vertx.core.http.HttpClientRequest request, List<String> urls, int from,
                                Promise<Void> sent) {
    int at = from;
    while (at < urls.size()) {
      Buffer piece = Buffer.buffer();
      for (int end = Math.min(urls.size(), at + LINES_PER_PIECE); at < end; at++) {
        piece.appendString(urls.get(at)).appendString("\r\n");
      }
      request.write(piece).onFailure(sent::tryFail);
      if (request.writeQueueFull()) {
        int next = at;
        request.drainHandler(v -> {
          request.drainHandler(null);
          writeFrom(request, urls, next, sent);
        });
        return;
      }
    }
    sent.tryComplete();
  }

}
