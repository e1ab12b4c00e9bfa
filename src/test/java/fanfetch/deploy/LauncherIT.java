package fanfetch.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/fanfetch}, the launcher, runs the packaged jar: its first run writes the
 * class-data-sharing archive, later runs use it, and a newer jar has it written again.
 */
class LauncherIT {

  private record Run(int exit, String out) {
  }

  private static Run launch(Path archive, Path jar, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", "deploy/fanfetch"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("FANFETCH_JAR", jar.toString());
    env.put("FANFETCH_CDS_ARCHIVE", archive.toString());
    // The launcher runs the java on the PATH: this test's own, first.
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.remove("JAVA_OPTS");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out);
  }

  @Test
  void theFirstRunWritesTheArchiveAndLaterRunsUseIt(@TempDir Path dir) throws Exception {
    Path jar = Files.copy(Path.of(System.getProperty("buildDirectory", "target"), "fanfetch.jar"), dir.resolve("ff.jar"));
    Path archive = dir.resolve("ff.jsa");

    Run first = launch(archive, jar, "--version");
    assertThat(first.exit()).isZero();
    assertThat(first.out()).startsWith("fanfetch ");
    assertThat(archive).isRegularFile();
    FileTime written = Files.getLastModifiedTime(archive);

    Run second = launch(archive, jar, "fetch", "--help");
    assertThat(second.exit()).isZero();
    assertThat(second.out()).startsWith("Usage: fanfetch fetch");
    assertThat(Files.getLastModifiedTime(archive)).as("used, not written again").isEqualTo(written);

    // A new build: the archive is stale and is written again.
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    Run rebuilt = launch(archive, jar, "--version");
    assertThat(rebuilt.exit()).isZero();
    assertThat(rebuilt.out()).isEqualTo(first.out());
    assertThat(Files.getLastModifiedTime(archive)).isNotEqualTo(written);
  }

  @Test
  void withoutAJarItSaysHowToBuildOne(@TempDir Path dir) throws Exception {
    Run run = launch(dir.resolve("ff.jsa"), dir.resolve("missing.jar"), "--version");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("no jar at").contains("mvn -B -q package -DskipTests");
  }
}
