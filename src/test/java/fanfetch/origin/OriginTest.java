package fanfetch.origin;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one test origin (the origin command's, the demo's and the bench's), on 127.0.0.1 and 127.0.0.2. */
class OriginTest {

  private static Vertx vertx;
  private static Origin.Listening origin;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    origin = Origin.deploy(vertx, new Origin.Options(List.of("127.0.0.1", "127.0.0.2"), 0, 0), 1).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static HttpResponse<byte[]> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aDelayOfZeroAnswersAtOnceAndALongerOneWaits() throws Exception {
    HttpResponse<byte[]> now = get(origin.url("/delay/0"));
    assertThat(now.statusCode()).isEqualTo(200);
    assertThat(text(now)).isEqualTo(Origin.DELAY_BODY);

    long start = System.nanoTime();
    assertThat(get(origin.url("/delay/150")).statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void aNegativeOrEndlessDelayIsABadRequest() throws Exception {
    assertThat(get(origin.url("/delay/-1")).statusCode()).isEqualTo(400);
    HttpResponse<byte[]> tooLong = get(origin.url("/delay/999999999"));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(text(tooLong)).contains("ms must be a whole number from 0 to 600000");
  }

  @Test
  void bytesTakeSuffixesAndAreTheSameOnEveryRun() throws Exception {
    HttpResponse<byte[]> kib = get(origin.url("/bytes/1k"));
    assertThat(kib.statusCode()).isEqualTo(200);
    assertThat(kib.body()).hasSize(1024);
    assertThat(kib.headers().firstValue("Content-Length")).hasValue("1024");
    HttpResponse<byte[]> mib = get(origin.url(1, "/bytes/1m"));
    assertThat(mib.body()).hasSize(1 << 20);
    assertThat(sha256(get(origin.url("/bytes/1m")).body())).isEqualTo(sha256(mib.body()));
    assertThat(get(origin.url("/bytes/100000")).body()).hasSize(100_000);
    assertThat(get(origin.url("/bytes/lots")).statusCode()).isEqualTo(400);
  }

  @Test
  void aHeadRequestGetsTheLengthWithoutTheBody() throws Exception {
    HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(URI.create(origin.url("/bytes/1m")))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("1048576");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void statusAnswersThatStatus() throws Exception {
    assertThat(get(origin.url("/status/404")).statusCode()).isEqualTo(404);
    assertThat(text(get(origin.url("/status/503")))).isEqualTo("status 503\n");
    assertThat(get(origin.url("/status/204")).body()).isEmpty();
    assertThat(get(origin.url("/status/99")).statusCode()).isEqualTo(400);
    assertThat(get(origin.url("/status/600")).statusCode()).isEqualTo(400);
  }

  @Test
  void aRedirectChainCountsDownToAnAnswer() throws Exception {
    HttpResponse<byte[]> first = get(origin.url("/redirect/3"));
    assertThat(first.statusCode()).isEqualTo(302);
    assertThat(first.headers().firstValue("Location")).hasValue("/redirect/2");
    HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<String> end = following.send(HttpRequest.newBuilder(URI.create(origin.url("/redirect/3"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(end.statusCode()).isEqualTo(200);
    assertThat(end.uri().getPath()).isEqualTo("/redirect/0");
    assertThat(get(origin.url("/redirect/101")).statusCode()).isEqualTo(400);
  }

  @Test
  void theDemoDocumentsAreServedByName() throws Exception {
    HttpResponse<byte[]> doc = get(origin.url("/docs/" + SampleDocuments.NAMES.get(1)));
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.body()).hasSize(1_025_000);
    assertThat(get(origin.url("/docs/no-such.txt")).statusCode()).isEqualTo(404);
  }

  @Test
  void theRootListsTheRoutes() throws Exception {
    assertThat(text(get(origin.url("/")))).contains("/delay/<ms>", "/bytes/<n>", "/status/<code>", "/redirect/<n>");
  }

  @Test
  void portZeroWithSeveralInstancesIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            Origin.deploy(vertx, new Origin.Options(List.of("127.0.0.1"), 0, 0), 2).await())
        .hasMessageContaining("port 0 needs a single instance");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
