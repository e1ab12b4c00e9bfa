package fanfetch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The URLs of a job: those on the command line, then those of {@code -f FILE} (or stdin for
 * {@code -}); with neither, those piped to stdin ({@code cat urls.txt | fanfetch fetch}).
 */
public final class UrlList {

  private UrlList() {
  }

  /**
   * @param arguments URLs given as arguments
   * @param file      a file of URLs (one per line; blank lines and lines starting with # are
   *                  skipped), {@code -} for stdin, or null
   * @param stdio     stdin, read for {@code -}, or when there are neither arguments nor a file and
   *                  it is not a terminal (a terminal is never read without {@code -}: nobody
   *                  would know the command waits for typing)
   * @throws IOException when the file cannot be read
   */
  public static List<String> read(List<String> arguments, String file, Stdio stdio) throws IOException {
    List<String> urls = new ArrayList<>();
    for (String argument : arguments) {
      if (!argument.isBlank()) {
        urls.add(argument.trim());
      }
    }
    if (file == null && urls.isEmpty() && !stdio.inIsTerminal()) {
      file = "-";
    }
    if (file != null) {
      if (file.equals("-")) {
        urls.addAll(lines(new InputStreamReader(stdio.in().get(), StandardCharsets.UTF_8)));
      } else {
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
          urls.addAll(lines(reader));
        }
      }
    }
    return urls;
  }

  /** Non-blank lines that are not {@code #} comments, trimmed. */
  static List<String> lines(Reader reader) throws IOException {
    List<String> urls = new ArrayList<>();
    BufferedReader lines = new BufferedReader(reader);
    String line;
    while ((line = lines.readLine()) != null) {
      String url = (line.startsWith("\uFEFF") ? line.substring(1) : line).strip();
      if (!url.isEmpty() && !url.startsWith("#")) {
        urls.add(url);
      }
    }
    return urls;
  }
}
