package fanfetch.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenFilesTest {

  @Test
  void aLimitAboveTheConnectionsAndTheHeadroomIsEnough() {
    assertThat(OpenFiles.shortfall("service", 20_000, 10_000)).isNull();
  }

  @Test
  void aLowLimitIsExplainedWithTheCommandThatRaisesIt() {
    assertThat(OpenFiles.shortfall("origin", 1024, 10_000))
        .contains("10,000 connections", "the origin may open only 1,024 files", "11,000 needed", "`ulimit -n 20000`");
  }

  @Test
  void theLimitOfARunningProcessIsReadFromProc() {
    assertThat(OpenFiles.limit(ProcessHandle.current().pid()).orElseThrow()).isPositive();
    assertThat(OpenFiles.limit(Long.MAX_VALUE)).isEmpty();
  }
}
