package fanfetch.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedMethodsTest {

  @Test
  void eachPathListsItsMethodsOnce() {
    assertThat(AllowedMethods.of("/jobs")).isEqualTo("GET, POST");
    assertThat(AllowedMethods.of("/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ")).isEqualTo("GET, DELETE");
    assertThat(AllowedMethods.of("/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ/events")).isEqualTo("GET");
    assertThat(AllowedMethods.of("/metrics")).isEqualTo("GET, HEAD");
    assertThat(AllowedMethods.of("/health/ready")).isEqualTo("GET, HEAD");
    assertThat(AllowedMethods.of("/index.html")).isEqualTo("GET, HEAD");
  }
}
