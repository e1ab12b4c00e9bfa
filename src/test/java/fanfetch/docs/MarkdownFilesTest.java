package fanfetch.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's Markdown renders as written (GitHub's tables) and points only at what the clone
 * has: every table has its header and separator rows, and each row as many cells as its header;
 * every relative link names a file of the repository; nothing refers to files outside it.
 */
class MarkdownFilesTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
  private static final Pattern SEPARATOR = Pattern.compile("^\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");

  static List<Path> markdownFiles() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md"), Path.of("deploy/README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /** The cells of a table row as GitHub splits them: on every pipe not escaped with a backslash. */
  static int cells(String row) {
    String trimmed = row.strip();
    int pipes = 0;
    for (int i = 0; i < trimmed.length(); i++) {
      if (trimmed.charAt(i) == '|' && (i == 0 || trimmed.charAt(i - 1) != '\\')) {
        pipes++;
      }
    }
    // A row written with outer pipes, | a | b |, has one cell fewer than pipes.
    return pipes - 1;
  }

  /** Problems with the tables of one file's text: {@code file:line what}. */
  static List<String> tableProblems(String name, List<String> lines) {
    List<String> problems = new ArrayList<>();
    boolean inFence = false;
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.strip().startsWith("```")) {
        inFence = !inFence;
        i++;
        continue;
      }
      if (inFence || !line.strip().startsWith("|")) {
        i++;
        continue;
      }
      // A table: a header row, then a separator, then rows with as many cells.
      int header = cells(line);
      if (i + 1 >= lines.size() || !SEPARATOR.matcher(lines.get(i + 1).strip()).matches()) {
        problems.add(name + ":" + (i + 1) + " a table row without a header and separator row above it"
            + " (a blank line or text inside a table ends it)");
        while (i < lines.size() && lines.get(i).strip().startsWith("|")) {
          i++;
        }
        continue;
      }
      if (cells(lines.get(i + 1)) != header) {
        problems.add(name + ":" + (i + 2) + " the separator has " + cells(lines.get(i + 1)) + " cells, the header "
            + header);
      }
      i += 2;
      while (i < lines.size() && lines.get(i).strip().startsWith("|")) {
        if (cells(lines.get(i)) != header) {
          problems.add(name + ":" + (i + 1) + " a row of " + cells(lines.get(i)) + " cells under a header of " + header
              + " (an unescaped | inside a cell?)");
        }
        i++;
      }
    }
    return problems;
  }

  @Test
  void everyTableHasItsHeaderAndAsManyCellsInEachRow() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path file : markdownFiles()) {
      problems.addAll(tableProblems(file.toString(), Files.readAllLines(file)));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theCheckFindsATableBrokenByABlankLineAndARowWithAStrayPipe() {
    List<String> broken = List.of("| a | b |", "| --- | --- |", "| 1 | 2 |", "", "| 3 | 4 |", "",
        "| a | b |", "| --- | --- |", "| `x|y` | 2 |", "| `x\\|y` | 2 |");

    assertThat(tableProblems("t.md", broken)).containsExactly(
        "t.md:5 a table row without a header and separator row above it (a blank line or text inside a table ends it)",
        "t.md:9 a row of 3 cells under a header of 2 (an unescaped | inside a cell?)");
  }

  @Test
  void everyRelativeLinkNamesAFileOfTheRepositoryAndNothingPointsOutsideIt() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path file : markdownFiles()) {
      String text = Files.readString(file);
      if (text.contains("../shared")) {
        problems.add(file + " refers to ../shared, which a clone does not have");
      }
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.contains("://") || target.startsWith("mailto:")) {
          continue;
        }
        Path resolved = file.toAbsolutePath().getParent().resolve(target).normalize();
        if (!Files.exists(resolved)) {
          problems.add(file + " links to " + target + ", which is not in the repository");
        } else if (!resolved.startsWith(Path.of("").toAbsolutePath())) {
          problems.add(file + " links to " + target + ", outside the repository");
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
