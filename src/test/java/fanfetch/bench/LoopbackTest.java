package fanfetch.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --target} only names a service on this machine's loopback. */
class LoopbackTest {

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080", "http://127.3.2.1:9000/", "http://localhost:8080", " http://LOCALHOST:1 "})
  void loopbackTargetsAreTaken(String target) {
    assertThat(Loopback.target(target).getScheme()).isEqualTo("http");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.0.0.1:8080", "http://fanfetch.invalid:8080", "http://127.1:8080",
      "https://127.0.0.1:8443", "127.0.0.1:8080", "http://[::1]:8080", "not a url"})
  void otherTargetsAreRefused(String target) {
    assertThatThrownBy(() -> Loopback.target(target)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--target");
  }
}
