package fanfetch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Help and usage errors: no Vert.x is started for them. */
class UsageTest {

  @ParameterizedTest
  @ValueSource(strings = {"fetch", "submit", "serve", "demo", "origin", "bench"})
  void everyCommandHasHelp(String command) {
    Cli.Run run = Cli.run(command, "--help");
    assertThat(run.code()).isEqualTo(0);
    assertThat(run.out()).contains("Usage: fanfetch " + command);
  }

  @Test
  void theTopLevelHelpListsTheNewCommands() {
    Cli.Run run = Cli.run("--help");
    assertThat(run.code()).isEqualTo(0);
    assertThat(run.out()).contains("fetch").contains("submit").contains("serve").contains("demo");
  }

  @Test
  void fetchHelpListsTheJobOptionsAndExitCodes() {
    String help = Cli.run("fetch", "--help").out();
    assertThat(help).contains("--mode", "--concurrency", "--per-host", "--method", "--header", "--timeout-ms",
        "--connect-timeout-ms", "--max-redirects", "--no-follow-redirects", "--max-bytes", "--digest", "--retries",
        "--deadline-ms", "--allow", "--conf", "--output", "-f, --file", "parallel, sequential, compare",
        "table, json, ndjson, csv", "Exit status:");
    String submitHelp = Cli.run("submit", "--help").out();
    assertThat(submitHelp).contains("--server", "--api-key", "FANFETCH_API_KEY", "--mode").doesNotContain("--allow");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "fetch",
      "fetch --no-such-option http://example.test/",
      "fetch --mode fastest http://example.test/",
      "fetch --method POST http://example.test/",
      "fetch --concurrency many http://example.test/",
      "fetch --header NoColon http://example.test/",
      "fetch -H A:1 -H a:2 http://example.test/",
      "fetch --allow not-a-cidr http://example.test/",
      "fetch --output xml http://example.test/",
      "fetch -f /no/such/file.txt",
      "submit",
      "submit --server ftp://example.test http://example.test/",
      "submit --server http://bad^host.invalid http://example.test/",
  })
  void usageErrorsExitTwoWithAMessageOnStderr(String args) {
    Cli.Run run = Cli.run(args.split(" "));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isNotBlank();
    assertThat(run.out()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "fetch", "submit", "jobs", "cancel", "serve", "demo", "origin", "bench"})
  void everyCommandPrintsTheVersion(String command) {
    Cli.Run run = Cli.run((command.isEmpty() ? "-V" : command + " -V").split(" "));
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("fanfetch " + Version.FANFETCH + " (Vert.x 5.").contains("Java 17");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fetch --no-such-option http://example.test/", "fetch --mode fastest http://example.test/",
      "submit", "demo --delay-ms -5", "demo --delay-ms soon", "origin --port 70000", "fetch"})
  void aUsageErrorIsOneLineAndWhereTheHelpIs(String args) {
    Cli.Run run = Cli.run(args.split(" "));
    String command = "fanfetch " + args.split(" ")[0];
    assertThat(run.code()).isEqualTo(2);
    // picocli's suggestion for a mistyped option may stand between them
    assertThat(run.err().lines().filter(l -> !l.startsWith("  did you mean ")).toList()).as(run.err()).hasSize(2);
    assertThat(run.err()).startsWith(command + ": ").endsWith("Try '" + command + " --help' for more.\n")
        .doesNotContain("Usage:");
  }

  @Test
  void aNegativeDemoDelayNamesTheRange() {
    assertThat(Cli.run("demo", "--delay-ms", "-5").err())
        .startsWith("fanfetch demo: --delay-ms must be from 0 to 60000, got -5\n");
  }

  /**
   * Help is wrapped at 80 columns between words, never inside one: the words of the help at 80
   * columns are those of the same help on one unbroken line.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "fetch", "submit", "jobs", "cancel", "serve", "demo", "origin", "bench"})
  void helpWrapsBetweenWords(String command) {
    picocli.CommandLine line = fanfetch.Main.commandLine();
    picocli.CommandLine target = command.isEmpty() ? line : line.getSubcommands().get(command);
    String narrow = target.getUsageMessage();
    target.getCommandSpec().usageMessage().width(2000);
    String wide = target.getUsageMessage();
    assertThat(narrow.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    assertThat(java.util.Arrays.asList(narrow.strip().split("\\s+")))
        .containsExactlyElementsOf(java.util.Arrays.asList(wide.strip().split("\\s+")));
  }

  @Test
  void aMissingUrlSaysWhatToGive() {
    assertThat(Cli.run("fetch").err()).contains("give at least one URL, or -f FILE");
  }

  @Test
  void optionValuesAreCheckedInAnyLetterCase() {
    assertThat(Cli.run("fetch", "--mode", "fastest", "http://x.test/").err())
        .contains("expected one of parallel, sequential, compare, got 'fastest'");
  }
}
