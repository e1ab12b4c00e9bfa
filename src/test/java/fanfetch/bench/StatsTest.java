package fanfetch.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatsTest {

  @Test
  void theMedianOfAnOddCountIsTheMiddleValue() {
    assertThat(Stats.of(List.of(3.0, 1.0, 2.0)).median()).isEqualTo(2.0);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(Stats.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
  }

  @Test
  void minAndMaxDoNotDependOnTheOrderGiven() {
    Stats stats = Stats.of(List.of(1.2, 0.9, 1.5, 1.1));

    assertThat(stats.min()).isEqualTo(0.9);
    assertThat(stats.max()).isEqualTo(1.5);
  }

  @Test
  void percentilesAreNearestRankSoAlwaysAMeasuredValue() {
    Stats hundred = Stats.of(IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList());

    assertThat(hundred.percentile(0.50)).isEqualTo(50.0);
    assertThat(hundred.percentile(0.99)).isEqualTo(99.0);
    assertThat(hundred.percentile(1.0)).isEqualTo(100.0);
    assertThat(Stats.of(List.of(5.0, 1.0, 9.0)).percentile(0.5)).isEqualTo(5.0);
    assertThat(Stats.of(List.of(7.0)).percentile(0.99)).isEqualTo(7.0);
  }

  @Test
  void aP99OfFewValuesIsTheirMaximum() {
    assertThat(Stats.of(List.of(1.0, 2.0, 30.0)).percentile(0.99)).isEqualTo(30.0);
  }

  @Test
  void noValuesHaveNoFigures() {
    Stats none = Stats.of(List.of());

    assertThat(none.isEmpty()).isTrue();
    assertThatThrownBy(none::median).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> none.percentile(0.5)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPercentileOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> Stats.of(List.of(1.0)).percentile(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.of(List.of(1.0)).percentile(99)).isInstanceOf(IllegalArgumentException.class);
  }
}
