package fanfetch.bench;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

  @Test
  void userAndSystemTicksAreReadAfterTheCommandName() {
    // A name with a space and a parenthesis of its own: fields are counted after the last ')'.
    String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 52806 0 12 0 731 96 0 0 20 0 41 0 1234 "
        + "5000000000 120000 18446744073709551615 1 1 0 0 0 0 4 0 17410 0 0 0 17 1 0 0 0 0 0";

    assertThat(ProcessCpu.ticks(stat)).isEqualTo(731 + 96);
  }

  @Test
  void thisProcessHasUsedSomeCpu() {
    OptionalLong nanos = ProcessCpu.nanos(ProcessHandle.current().pid());

    assertThat(nanos).isPresent();
    assertThat(nanos.getAsLong()).isPositive().isEqualTo(nanos.getAsLong() / ProcessCpu.NANOS_PER_TICK * ProcessCpu.NANOS_PER_TICK);
  }

  @Test
  void aProcessThatIsNotThereHasNoFigure() {
    assertThat(ProcessCpu.nanos(Long.MAX_VALUE)).isEmpty();
  }
}
