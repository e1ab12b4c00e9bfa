package fanfetch.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDefaultsTest {

  private static final JobLimits LIMITS =
      new JobLimits(100_000, 20_000, 2_000, 600_000, 20, 1L << 40, 10);

  @Test
  void anEmptyDefaultsSectionGivesTheBuiltInDefaults() {
    assertThat(JobDefaults.from(new JsonObject(), LIMITS)).isEqualTo(JobDefaults.BUILT_IN);
  }

  @Test
  void configuredDefaultsAreReadLikeAJob() {
    JsonObject section = new JsonObject().put("mode", "sequential").put("method", "head").put("perHost", 4);

    JobDefaults defaults = JobDefaults.from(section, LIMITS);

    assertThat(defaults.mode()).isEqualTo(JobSpec.Mode.SEQUENTIAL);
    assertThat(defaults.method()).isEqualTo("HEAD");
    assertThat(defaults.perHost()).isEqualTo(4);
    assertThat(defaults.concurrency()).isEqualTo(JobDefaults.BUILT_IN.concurrency());
  }

  @Test
  void aBadDefaultFailsNamingItsConfigKey() {
    JsonObject section = new JsonObject().put("concurrency", 0);

    assertThatThrownBy(() -> JobDefaults.from(section, LIMITS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jobs.defaults.concurrency: must be between 1 and 20000, got 0");
  }

  @Test
  void anUnknownDefaultFailsNamingItsConfigKey() {
    assertThatThrownBy(() -> JobDefaults.from(new JsonObject().put("colour", "red"), LIMITS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jobs.defaults.colour: unknown field");
  }
}
