package fanfetch.coordinator;

import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostHealthTest {

  private static JsonObject failed(ErrorKind kind) {
    return Results.failure(kind, "test", null, "n1");
  }

  private static JsonObject httpError() {
    return new JsonObject().put(Results.OK, false).put(Results.STATUS, 503);
  }

  @Test
  void theHostIsGivenUpOnAtItsNthConnectOrTimeoutFailure() {
    HostHealth health = new HostHealth(3);
    assertThat(health.ended("a", failed(ErrorKind.CONNECT))).isFalse();
    assertThat(health.ended("a", httpError())).as("an HTTP error is the server answering").isFalse();
    assertThat(health.ended("a", failed(ErrorKind.TOO_LARGE))).isFalse();
    assertThat(health.ended("b", failed(ErrorKind.CONNECT))).isFalse();
    assertThat(health.ended("a", failed(ErrorKind.TIMEOUT))).isFalse();
    assertThat(health.givenUp("a")).isFalse();
    assertThat(health.ended("a", failed(ErrorKind.CONNECT))).isTrue();
    assertThat(health.givenUp("a")).isTrue();
    assertThat(health.ended("a", failed(ErrorKind.CONNECT))).as("said once").isFalse();
    assertThat(health.givenUp("b")).isFalse();
  }

  @Test
  void withoutALimitNoHostIsGivenUp() {
    HostHealth health = new HostHealth(0);
    for (int i = 0; i < 100; i++) {
      assertThat(health.ended("a", failed(ErrorKind.CONNECT))).isFalse();
    }
    assertThat(health.givenUp("a")).isFalse();
  }

  @Test
  void aUrlNotTriedSaysWhyInItsOwnErrorKind() {
    JsonObject result = new HostHealth(2).notTried("a.test:80", "n1");
    JsonObject error = result.getJsonObject(Results.ERROR);
    assertThat(result.getBoolean(Results.OK)).isFalse();
    assertThat(error.getString(Results.ERROR_KIND)).isEqualTo("host_errors");
    assertThat(error.getString(Results.ERROR_MESSAGE)).contains("a.test:80").contains("2").contains("maxHostErrors");
  }
}
