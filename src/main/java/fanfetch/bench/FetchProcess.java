package fanfetch.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of a command-line workload: {@code fanfetch fetch -f <urls> -o json} as a user runs it,
 * in a JVM of its own, timed from its start to its exit, JVM start-up included.
 */
final class FetchProcess {

  private FetchProcess() {
  }

  /** The URLs of a JobSpec, one a line, in a file the process reads. */
  static Path urlFile(Buffer jobSpec, Path directory) throws IOException {
    JsonArray urls = new JsonObject(jobSpec).getJsonArray("urls");
    List<String> lines = new ArrayList<>(urls.size());
    urls.forEach(url -> lines.add((String) url));
    return Files.write(Files.createTempFile(directory, "cli-urls-", ".txt"), lines, StandardCharsets.UTF_8);
  }

  static RunResult run(Workload workload, Path urls, Path directory, Duration timeout) {
    JsonObject options = workload.jobOptions();
    List<String> args = List.of(fanfetch.Main.class.getName(), "fetch", "--allow", "127.0.0.0/8", "--no-progress",
        "--concurrency", Integer.toString(options.getInteger("concurrency", 1)),
        "--per-host", Integer.toString(options.getInteger("perHost", 1)), "-o", "json", "-f", urls.toString());
    long started = System.nanoTime();
    try (ChildProcess child = ChildProcess.startJava("cli", List.of(), args,
        env -> env.keySet().removeIf(name -> name.startsWith("FANFETCH_")), directory, true)) {
      // Read while it runs: a report of 10,000 results does not fit a pipe's buffer.
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(child.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          return "";
        }
      });
      if (!child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return new RunResult(List.of(seconds(started)), "no report within " + timeout.toSeconds() + " s");
      }
      double seconds = seconds(started);
      String report = out.get(10, TimeUnit.SECONDS);
      String failure = ReportCheck.problem(200, report, workload.urlsPerJob(), workload.bytesPerUrl());
      if (failure == null && child.process().exitValue() != 0) {
        failure = child.failure("exited with status " + child.process().exitValue());
      }
      return new RunResult(List.of(seconds), failure);
    } catch (Exception e) {
      return new RunResult(List.of(seconds(started)), "the process failed: " + e.getMessage());
    }
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
