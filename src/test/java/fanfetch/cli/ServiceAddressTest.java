package fanfetch.cli;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceAddressTest {

  private static final URI BASE = URI.create("http://127.0.0.1:8080/base");

  @Test
  void pathsAreJoinedToTheBase() {
    ServiceAddress address = new ServiceAddress(BASE, null);

    assertThat(address.uri(ServiceAddress.SUBMIT)).isEqualTo("http://127.0.0.1:8080/base/jobs?wait=false");
    assertThat(address.uri(ServiceAddress.events("01J"))).isEqualTo("http://127.0.0.1:8080/base/jobs/01J/events");
  }

  @Test
  void anIdIsEncodedInAPath() {
    assertThat(ServiceAddress.job("a/b c")).isEqualTo("/jobs/a%2Fb+c");
    assertThat(ServiceAddress.events("a/b")).isEqualTo("/jobs/a%2Fb/events");
    assertThat(ServiceAddress.jobs(50, null)).isEqualTo("/jobs?limit=50");
    assertThat(ServiceAddress.jobs(2, "x&y")).isEqualTo("/jobs?limit=2&after=x%26y");
  }

  @Test
  void theOptionsOfAListUploadFollowTheSubmitsQuery() {
    assertThat(ServiceAddress.submit("")).isEqualTo("/jobs?wait=false");
    assertThat(ServiceAddress.submit("mode=compare")).isEqualTo("/jobs?wait=false&mode=compare");
  }

  @Test
  void theKeyIsSentAsABearerTokenAndABlankOneIsNone() {
    assertThat(new ServiceAddress(BASE, " k1 ").authorization()).contains("Bearer k1");
    assertThat(new ServiceAddress(BASE, " ").authorization()).isEmpty();
    assertThat(new ServiceAddress(BASE, null).authorization()).isEmpty();
  }

  @Test
  void noAnswerIsToldWithTheBase() {
    assertThat(new ServiceAddress(BASE, null).unreachable(new ConnectException("Connection refused")))
        .isEqualTo("cannot reach http://127.0.0.1:8080/base: Connection refused");
    assertThat(new ServiceAddress(BASE, null).unreachable(new ConnectException()))
        .isEqualTo("cannot reach http://127.0.0.1:8080/base: ConnectException");
  }
}
