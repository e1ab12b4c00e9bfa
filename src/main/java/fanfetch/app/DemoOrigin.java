package fanfetch.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import java.util.List;
import java.util.Random;

/**
 * The demo's origin: four sample documents of about 1 MB, each answered after a fixed latency,
 * on 127.0.0.1 and a free port. It stands in for the four slow documents of the lesson.
 */
public final class DemoOrigin {

  public static final List<String> DOCUMENTS = List.of("annual-report.txt", "field-notes.txt",
      "meeting-minutes.txt", "reading-list.txt");

  private final HttpServer server;

  private DemoOrigin(HttpServer server) {
    this.server = server;
  }

  public static Future<DemoOrigin> start(Vertx vertx, long delayMs) {
    Buffer[] bodies = new Buffer[DOCUMENTS.size()];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = document(i);
    }
    return vertx.createHttpServer()
        .requestHandler(request -> {
          String name = request.path().substring(request.path().lastIndexOf('/') + 1);
          int index = DOCUMENTS.indexOf(name);
          if (index < 0) {
            request.response().setStatusCode(404).end("no such document\n");
            return;
          }
          vertx.setTimer(delayMs, t -> request.response()
              .putHeader("Content-Type", "text/plain; charset=utf-8")
              .end(bodies[index]));
        })
        .listen(0, "127.0.0.1")
        .map(DemoOrigin::new);
  }

  public int port() {
    return server.actualPort();
  }

  public String url(String document) {
    return "http://127.0.0.1:" + port() + "/docs/" + document;
  }

  public Future<Void> close() {
    return server.close();
  }

  /** About 1 MB of readable, deterministic text, different for each document. */
  private static Buffer document(int index) {
    String[] words = {"fetch", "many", "documents", "at", "once", "and", "the", "wait", "is", "only",
        "as", "long", "as", "the", "slowest", "one", "event", "loop", "never", "blocks"};
    Random random = new Random(index + 1L);
    StringBuilder text = new StringBuilder(1_050_000);
    int target = 1_000_000 + 25_000 * index;
    while (text.length() < target) {
      text.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
    }
    text.setLength(target);
    return Buffer.buffer(text.toString());
  }
}
