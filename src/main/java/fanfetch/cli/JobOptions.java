package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * What {@code fetch} and {@code submit} share (a picocli mixin): the URLs, the JobSpec options and
 * the output options. JobSpec fields left out are not sent, so the server's defaults apply.
 */
public final class JobOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Parameters(paramLabel = "URL", arity = "0..*",
      description = "URLs to fetch (absolute http or https). With none and no -f, a piped stdin is read.")
  List<String> urls = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Read URLs from FILE, one per line (blank lines and # comments are skipped; - reads stdin).")
  String file;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      converter = OutputFormat.Converter.class, completionCandidates = OutputFormat.Names.class,
      description = "What to print on stdout: ${COMPLETION-CANDIDATES} (default: table). json is the Report, "
          + "ndjson one Result per line, csv a header and one row per URL.")
  OutputFormat output = OutputFormat.TABLE;

  @Option(names = "--progress", negatable = true,
      description = "Draw a progress bar on stderr (default: when stderr is a terminal); --no-progress: never.")
  Boolean progress;

  @Option(names = "--mode", paramLabel = "MODE", converter = ModeChoice.class, completionCandidates = ModeChoice.class,
      description = "${COMPLETION-CANDIDATES} (default: parallel).")
  String mode;

  @Option(names = "--concurrency", paramLabel = "N", description = "Fetches in flight at once for this job.")
  Integer concurrency;

  @Option(names = "--per-host", paramLabel = "N", description = "Fetches in flight at once to one host:port.")
  Integer perHost;

  @Option(names = "--method", paramLabel = "METHOD", converter = MethodChoice.class,
      completionCandidates = MethodChoice.class, description = "${COMPLETION-CANDIDATES} (default: GET).")
  String method;

  @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", converter = Headers.Converter.class,
      description = "A request header (repeatable).")
  List<Headers.Header> headers = new ArrayList<>();

  @Option(names = "--timeout-ms", paramLabel = "MS", description = "Whole fetch of one URL, redirects included.")
  Long timeoutMs;

  @Option(names = "--connect-timeout-ms", paramLabel = "MS", description = "Obtaining a connection (DNS, TCP, TLS).")
  Long connectTimeoutMs;

  @Option(names = "--max-redirects", paramLabel = "N", description = "Most redirect hops to follow.")
  Integer maxRedirects;

  @Option(names = "--no-follow-redirects", description = "Report a redirect as it is instead of following it.")
  boolean noFollowRedirects;

  @Option(names = "--max-bytes", paramLabel = "BYTES", description = "A longer body stops with too_large.")
  Long maxBytes;

  @Option(names = "--digest", paramLabel = "DIGEST", converter = DigestChoice.class,
      completionCandidates = DigestChoice.class, description = "${COMPLETION-CANDIDATES} (default: sha256).")
  String digest;

  @Option(names = "--retries", paramLabel = "N",
      description = "Extra attempts for a URL that failed with connect, reset or timeout, or answered 429/502/503/504.")
  Integer retries;

  @Option(names = "--deadline-ms", paramLabel = "MS", description = "Deadline of the whole job, from its start.")
  Long deadlineMs;

  /**
   * The URLs from the arguments and {@code --file}, or from a piped stdin.
   *
   * @throws ParameterException (a usage error) when there are none or the file cannot be read
   */
  List<String> urls(Stdio stdio) {
    List<String> all;
    try {
      all = UrlList.read(urls, file, stdio);
    } catch (IOException e) {
      throw new ParameterException(command.commandLine(), "cannot read URLs from " + file + ": " + describe(e));
    }
    if (all.isEmpty()) {
      throw new ParameterException(command.commandLine(), file != null ? "no URLs in " + file
          : stdio.inIsTerminal() ? "give at least one URL, or -f FILE" : "give at least one URL, or -f FILE (stdin had none)");
    }
    return all;
  }

  /** Whether the URLs are only those on the command line (a short list), not a file's or stdin's. */
  boolean onlyArguments() {
    return file == null && !urls.isEmpty();
  }

  /** Whether to draw the progress bar: as asked, or when stderr is a terminal. */
  boolean progress(Stdio stdio) {
    return progress != null ? progress : stdio.errIsTerminal();
  }

  /** The job's limits this command set, by the names {@link HeldBack} uses. */
  java.util.Map<String, Integer> limits() {
    java.util.Map<String, Integer> limits = new java.util.HashMap<>();
    if (concurrency != null) {
      limits.put("concurrency", concurrency);
    }
    if (perHost != null) {
      limits.put("perHost", perHost);
    }
    return limits;
  }

  /** The JobSpec: the URLs and every option given. */
  JsonObject spec(List<String> jobUrls) {
    JsonObject spec = new JsonObject().put("urls", new JsonArray(new ArrayList<>(jobUrls)));
    putIfSet(spec, "mode", mode);
    putIfSet(spec, "concurrency", concurrency);
    putIfSet(spec, "perHost", perHost);
    putIfSet(spec, "method", method);
    if (!headers.isEmpty()) {
      try {
        spec.put("headers", Headers.toJson(headers));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(command.commandLine(), "--header: " + e.getMessage());
      }
    }
    putIfSet(spec, "timeoutMs", timeoutMs);
    putIfSet(spec, "connectTimeoutMs", connectTimeoutMs);
    if (noFollowRedirects) {
      spec.put("followRedirects", false);
    }
    putIfSet(spec, "maxRedirects", maxRedirects);
    putIfSet(spec, "maxBytes", maxBytes);
    putIfSet(spec, "digest", digest);
    putIfSet(spec, "retries", retries);
    putIfSet(spec, "deadlineMs", deadlineMs);
    return spec;
  }

  private static void putIfSet(JsonObject spec, String field, Object value) {
    if (value != null) {
      spec.put(field, value);
    }
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** A closed set of words, in any letter case; also the help's completion candidates. */
  abstract static class Choice implements CommandLine.ITypeConverter<String>, Iterable<String> {
    private final List<String> words;
    private final boolean upperCase;

    Choice(boolean upperCase, String... words) {
      this.words = Arrays.asList(words);
      this.upperCase = upperCase;
    }

    @Override
    public String convert(String value) {
      for (String word : words) {
        if (word.equalsIgnoreCase(value.trim())) {
          return upperCase ? word.toUpperCase(Locale.ROOT) : word;
        }
      }
      throw new CommandLine.TypeConversionException("expected one of " + String.join(", ", words)
          + ", got '" + value + "'");
    }

    @Override
    public Iterator<String> iterator() {
      return words.iterator();
    }
  }

  static final class ModeChoice extends Choice {
    ModeChoice() {
      super(false, "parallel", "sequential", "compare");
    }
  }

  static final class MethodChoice extends Choice {
    MethodChoice() {
      super(true, "GET", "HEAD");
    }
  }

  static final class DigestChoice extends Choice {
    DigestChoice() {
      super(false, "sha256", "none");
    }
  }
}
