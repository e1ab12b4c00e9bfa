package fanfetch.cli;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code fanfetch submit}: sends a job to a running fanfetch service ({@code POST /jobs?wait=false})
 * and follows its progress stream ({@code GET /jobs/{id}/events}, Server-Sent Events read as they
 * arrive) until the {@code done} event brings the report.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
    description = {"Submit URLs to a running fanfetch service and follow the job's progress.",
        "The service's address guard and limits apply."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_SOME_FAILED,
        "2:bad usage, a refused job (the problem's detail is printed) or no connection to the server"},
    footerHeading = "%nExamples:%n",
    footer = {"  fanfetch submit https://example.org/ https://example.com/",
        "  fanfetch submit --server http://10.1.2.3:8080 -f urls.txt -o ndjson",
        "  FANFETCH_API_KEY=my-key fanfetch submit -s https://ff.example -f urls.txt"})
public final class SubmitCommand implements Callable<Integer>, Stdio.User {

  /** How often a dropped event stream is opened again before giving up. */
  static final int MAX_RECONNECTS = 5;
  /** How long connecting to the server may take. */
  static final int SERVER_CONNECT_TIMEOUT_MS = 10_000;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  JobOptions job;

  @Mixin
  ServerOptions service;

  @Option(names = "--detach",
      description = "When this command is interrupted (Ctrl-C), leave the job running on the service; "
          + "by default it is cancelled.")
  boolean detach;

  private Stdio stdio = Stdio.system();

  @Override
  public void stdio(Stdio given) {
    this.stdio = given;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI base = service.base();
    List<String> urls = job.urls(stdio);
    JsonObject jobSpec = job.spec(urls);
    String key = service.key();
    return LocalVertx.run("submit", err, vertx -> {
      HttpClient http = vertx.createHttpClient(new HttpClientOptions()
          .setConnectTimeout(SERVER_CONNECT_TIMEOUT_MS));
      WebClient web = WebClient.wrap(http);
      UriListUpload.Answer submitted;
      try {
        submitted = send(web, http, urls, jobSpec);
      } catch (Exception e) {
        err.println("fanfetch submit: cannot reach " + base + ": " + JobOptions.describe(e));
        return ExitCodes.USAGE;
      }
      ResultTracker tracker = new ResultTracker(urls.size());
      JsonObject report;
      if (submitted.status() == 200) {
        // A server that waited anyway answered with the report.
        report = bodyJson(submitted.body());
        tracker.addAll(report);
      } else if (submitted.status() == 202 || submitted.status() == 201) {
        String id = bodyJson(submitted.body()).getString("id");
        if (id == null) {
          err.println("fanfetch submit: the server accepted the job but sent no id");
          return ExitCodes.USAGE;
        }
        err.println("job " + id + " submitted; cancel with: fanfetch cancel " + id);
        err.flush();
        try (Progress progress = Progress.of(job.progress(stdio), "submit", tracker, err);
             CancelOnInterrupt cancel = detach ? null : new CancelOnInterrupt(base, key, id, err, progress::interrupted)) {
          report = new EventStream(vertx, http, base, id, key, tracker, progress).follow().await();
          if (!report.containsKey("results")) {
            // The done event is the report's head (fanfetch sends the results one by one before it).
            report = wholeReport(web, base, id, key);
          }
          tracker.addAll(report);
        } catch (StreamFailure e) {
          err.println("fanfetch submit: job " + id + ": " + e.getMessage());
          return ExitCodes.USAGE;
        }
      } else {
        err.println("fanfetch submit: " + ProblemText.describe(submitted.status(), submitted.body()));
        if (submitted.status() == 401) {
          err.println(ServerOptions.keyHint());
        }
        return ExitCodes.USAGE;
      }
      out.print(ReportOutput.render(job.output, report, new ReportOutput.Context(false, job.limits())));
      out.flush();
      return ExitCodes.of(report);
    });
  }

  /**
   * {@code POST /jobs?wait=false}: a short list given as arguments as a JSON JobSpec; a list from a
   * file or stdin, however long, as a {@code text/uri-list} body with the options in the query.
   */
  private UriListUpload.Answer send(WebClient web, HttpClient http, List<String> urls, JsonObject jobSpec) {
    if (job.onlyArguments()) {
      var request = web.postAbs(service.base() + "/jobs?wait=false").putHeader("Accept", "application/json");
      if (service.key() != null) {
        request.bearerTokenAuthentication(service.key());
      }
      HttpResponse<Buffer> answer = request.sendJsonObject(jobSpec).await();
      return new UriListUpload.Answer(answer.statusCode(), answer.bodyAsString());
    }
    String options = SpecQuery.of(jobSpec);
    return UriListUpload.post(http, service.request(HttpMethod.POST, "/jobs?wait=false"
        + (options.isEmpty() ? "" : "&" + options)), urls).await();
  }

  /** {@code GET /jobs/{id}}: the report with every result. */
  private static JsonObject wholeReport(WebClient web, URI base, String id, String key) {
    var request = web.getAbs(base + "/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8))
        .putHeader("Accept", "application/json");
    if (key != null && !key.isBlank()) {
      request.bearerTokenAuthentication(key.trim());
    }
    HttpResponse<Buffer> answer = request.send().await();
    if (answer.statusCode() != 200) {
      throw new StreamFailure("the report could not be read: " + ProblemText.describe(answer.statusCode(),
          answer.bodyAsString()));
    }
    return bodyJson(answer.bodyAsString());
  }

  private static JsonObject bodyJson(String body) {
    try {
      return new JsonObject(body);
    } catch (DecodeException | NullPointerException e) {
      throw new IllegalStateException("the server's answer is not a JSON object");
    }
  }

  /** The event stream could not be read to its end. */
  static final class StreamFailure extends RuntimeException {
    StreamFailure(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads {@code GET /jobs/{id}/events} as it arrives: {@code result} events feed the tracker,
   * the {@code done} event completes with the report. A stream that ends early is opened again
   * (the server first sends the results already finished; the tracker counts each once).
   */
  private static final class EventStream {
    private final Vertx vertx;
    private final HttpClient http;
    private final String uri;
    private final String key;
    private final ResultTracker tracker;
    private final Progress progress;
    private final Promise<JsonObject> done = Promise.promise();
    private int reconnects;

    EventStream(Vertx vertx, HttpClient http, URI base, String id, String key, ResultTracker tracker,
                Progress progress) {
      this.vertx = vertx;
      this.http = http;
      this.uri = base + "/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/events";
      this.key = key;
      this.tracker = tracker;
      this.progress = progress;
    }

    Future<JsonObject> follow() {
      open();
      return done.future();
    }

    private void open() {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri)
          .putHeader(HttpHeaders.ACCEPT, "text/event-stream");
      if (key != null && !key.isBlank()) {
        options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key.trim());
      }
      // The response's handlers are set as it arrives, on the event loop: listening for it before the
      // request goes out means no piece of a short stream can come before them.
      http.request(options)
          .onSuccess(request -> {
            request.response()
                .onSuccess(this::read)
                .onFailure(e -> retry("cannot read the progress stream: " + JobOptions.describe(e)));
            request.end();
          })
          .onFailure(e -> retry("cannot read the progress stream: " + JobOptions.describe(e)));
    }

    private void read(HttpClientResponse response) {
      if (response.statusCode() != 200) {
        response.body().onComplete(body -> done.tryFail(new StreamFailure("the progress stream answered "
            + ProblemText.describe(response.statusCode(), body.succeeded() ? body.result().toString() : null)
            .replaceFirst("^job refused ", ""))));
        return;
      }
      boolean[] ended = {false};
      SseParser parser = new SseParser(event -> {
        switch (event.type()) {
          case "result" -> {
            if (tracker.add(new JsonObject(event.data()))) {
              progress.update();
            }
          }
          case "done" -> done.tryComplete(new JsonObject(event.data()));
          default -> {
            // other events are not part of the contract: ignored
          }
        }
      });
      response.handler(chunk -> {
        try {
          parser.feed(chunk.getBytes());
        } catch (DecodeException e) {
          done.tryFail(new StreamFailure("the progress stream sent an event that is not JSON"));
        }
      });
      response.exceptionHandler(e -> {
        if (!ended[0]) {
          ended[0] = true;
          retry("the progress stream broke: " + JobOptions.describe(e));
        }
      });
      response.endHandler(v -> {
        if (!ended[0]) {
          ended[0] = true;
          retry("the progress stream ended before the job was done");
        }
      });
    }

    private void retry(String why) {
      if (done.future().isComplete()) {
        return;
      }
      if (reconnects++ >= MAX_RECONNECTS) {
        done.tryFail(new StreamFailure(why));
        return;
      }
      vertx.setTimer(250L * reconnects, t -> open());
    }
  }
}
