package fanfetch.bench;

import fanfetch.Main;
import fanfetch.bench.Workload.Name;
import fanfetch.testing.OriginAndNode;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fanfetch bench --quick} end to end: its origin runs as a child process, the service is
 * one in this JVM ({@code --target}) or one the bench starts itself. No timing is asserted.
 */
class BenchCommandTest {

  /** The service the bench is pointed at: loopback open to its fetchers, so they reach the bench's origin. */
  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.nodeOnly(config ->
      config.getJsonObject("guard").put("allow", new JsonArray().add("127.0.0.0/8")));

  /** What one run of the command left behind. */
  record Run(int code, String out, String err) {
    /** The table row of a workload ({@code | fanout: … |}), split into its cells. */
    List<String> row(Name workload) {
      return out.lines().filter(line -> line.startsWith("| " + workload + ": ")).findFirst()
          .map(line -> Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::strip).toList())
          .orElseThrow(() -> new AssertionError("no row for " + workload + " in:\n" + out + err));
    }
  }

  private static Run bench(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    String[] command = new String[args.length + 1];
    command[0] = "bench";
    System.arraycopy(args, 0, command, 1, args.length);
    int code = commandLine.execute(command);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aQuickBenchAgainstARunningServiceHasEveryWorkloadOk(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("bench.md");

    Run run = bench("--quick", "--hosts", "4", "--target", "http://127.0.0.1:" + fixture.port(),
        "--target-pid", Long.toString(ProcessHandle.current().pid()), "--out", file.toString());

    assertThat(run.code()).as(run.err()).isZero();
    for (Name workload : Name.values()) {
      List<String> cells = run.row(workload);
      assertThat(cells.get(1)).as(workload.toString()).isEqualTo("1/1 ok");
      if (workload == Name.CLI || workload == Name.CLI_FANOUT) {
        // A process of its own, not the service: none of the service's figures.
        assertThat(cells.subList(7, 9)).as(workload.toString()).containsExactly("–", "–");
        continue;
      }
      assertThat(cells.get(8)).as("peak RSS of " + workload).matches("[0-9,]+");
      assertThat(cells.get(7)).as("service CPU µs/URL of " + workload).matches("[0-9,]+");
      assertThat(cells.get(4)).as("first run of " + workload).matches("[0-9.]+ m?s");
    }
    assertThat(run.out()).contains("- machine: ", "Every run was ok.");
    assertThat(Files.readString(file)).isEqualTo(run.out());
    assertThat(ProcessHandle.current().children()).as("the origin has ended").isEmpty();
  }

  @Test
  void theCommandLineWorkloadsTimeWholeFetchProcessesAndCheckTheirReports() {
    Run run = bench("--quick", "--hosts", "2", "--only", "cli,cli-fanout");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.row(Name.CLI).get(0)).isEqualTo("cli: `fanfetch fetch` of 4 × /delay/50 over 2 hosts, whole process");
    assertThat(run.row(Name.CLI).get(1)).isEqualTo("1/1 ok");
    assertThat(run.row(Name.CLI_FANOUT).get(1)).isEqualTo("1/1 ok");
    // A whole JVM, started and ended: never under the origin's 50 ms.
    assertThat(Double.parseDouble(run.row(Name.CLI).get(2).replace(" s", ""))).isGreaterThan(0.05);
    assertThat(ProcessHandle.current().children()).as("the origin and the fetch processes have ended").isEmpty();
  }

  @Test
  void aBenchStartsItsOwnServiceAndEndsIt() {
    Run run = bench("--quick", "--hosts", "2", "--only", "fanout,overhead");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.row(Name.FANOUT).get(1)).isEqualTo("1/1 ok");
    assertThat(run.row(Name.OVERHEAD).get(1)).isEqualTo("1/1 ok");
    assertThat(run.row(Name.FANOUT).get(8)).as("peak RSS").matches("[0-9,]+");
    assertThat(run.row(Name.FANOUT).get(7)).as("service CPU µs/URL").matches("[0-9,]+");
    assertThat(run.out()).doesNotContain("| " + Name.THROUGHPUT);
    assertThat(ProcessHandle.current().children()).as("the origin and the services have ended").isEmpty();
  }

  @Test
  void aFailedRunIsShownAndSetsTheExitStatus() {
    // A service with the address guard closed: every fetch from the origin is refused as blocked.
    try (OriginAndNode guarded = OriginAndNode.nodeOnly(config -> { }).start()) {
      Run run = bench("--quick", "--hosts", "2", "--only", "fanout", "--target", "http://127.0.0.1:" + guarded.port());

      assertThat(run.code()).isEqualTo(1);
      assertThat(run.row(Name.FANOUT).subList(1, 3)).containsExactly("0/1 ok, 1 FAILED", "–");
      assertThat(run.out()).contains("- fanout run 1 failed: 20 of 20 URLs failed: blocked ×20");
      Matcher logs = Pattern.compile("the logs of the origin and the service are in (\\S+)").matcher(run.err());
      assertThat(logs.find()).as(run.err()).isTrue();
      guarded.vertx().fileSystem().deleteRecursiveBlocking(logs.group(1));
    }
  }

  @Test
  void aTargetOffLoopbackIsRefusedBeforeAnythingStarts() {
    Run run = bench("--target", "http://fanfetch-bench.invalid:8080");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--target must be http://localhost:PORT or http://127.x.y.z:PORT");
    assertThat(ProcessHandle.current().children()).isEmpty();
  }
}
