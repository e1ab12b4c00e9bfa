package fanfetch.coordinator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileBudgetTest {

  @Test
  void theCeilingKeepsAReserveBelowTheDescriptorLimit() {
    assertThat(new FileBudget(20_000, 16_000).ceiling()).isEqualTo(16_000);
    assertThat(new FileBudget(20_000, 20_000).ceiling()).isEqualTo(18_000);
    assertThat(new FileBudget(1_024, 16_000).ceiling()).isEqualTo(922);
    assertThat(new FileBudget(256, 16_000).ceiling()).isEqualTo(192);
  }

  @Test
  void anUnknownLimitLeavesTheConfiguredCap() {
    assertThat(new FileBudget(-1, 16_000).cap()).isEqualTo(16_000);
  }

  @Test
  void aTinyLimitStillLetsOneFetchRun() {
    assertThat(new FileBudget(50, 16_000).cap()).isEqualTo(1);
  }

  @Test
  void runningOutLowersTheCapToWhatWasInFlightThenItClimbsBackOneAtATime() {
    FileBudget budget = new FileBudget(1_000, 16_000);

    assertThat(budget.exhausted(700)).isTrue();
    assertThat(budget.cap()).isEqualTo(700);
    assertThat(budget.exhausted(750)).isFalse();
    assertThat(budget.cap()).isEqualTo(700);
    assertThat(budget.exhausted(650)).isFalse();
    assertThat(budget.cap()).isEqualTo(650);

    budget.succeeded();
    budget.succeeded();
    assertThat(budget.cap()).isEqualTo(652);
    for (int i = 0; i < 1_000; i++) {
      budget.succeeded();
    }
    assertThat(budget.cap()).isEqualTo(budget.ceiling()).isEqualTo(900);
  }

  @Test
  void withNothingInFlightOneFetchMayStillTry() {
    FileBudget budget = new FileBudget(1_000, 16_000);

    budget.exhausted(0);

    assertThat(budget.cap()).isEqualTo(1);
  }
}
