package fanfetch.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTextTest {

  @Test
  void aProblemGivesStatusTitleDetailAndFieldErrors() {
    String body = "{\"type\":\"about:blank\",\"title\":\"Invalid job\",\"status\":400,\"detail\":\"the job has 2 errors\","
        + "\"errors\":[{\"field\":\"concurrency\",\"message\":\"must be between 1 and 20000, got 0\"},"
        + "{\"field\":\"mode\",\"message\":\"unknown\"}]}";
    assertThat(ProblemText.describe(400, body)).isEqualTo("""
        job refused (400 Invalid job): the job has 2 errors
          concurrency: must be between 1 and 20000, got 0
          mode: unknown""");
  }

  @Test
  void aDetailThatRepeatsAFieldErrorIsNotSaidTwice() {
    String body = "{\"title\":\"Invalid job\",\"status\":400,\"detail\":\"concurrency: must be between 1 and 20000, got 0\","
        + "\"errors\":[{\"field\":\"concurrency\",\"message\":\"must be between 1 and 20000, got 0\"},"
        + "{\"field\":\"timeoutMs\",\"message\":\"must be between 1 and 600000, got 0\"}]}";
    assertThat(ProblemText.describe(400, body)).isEqualTo("""
        job refused (400 Invalid job):
          concurrency: must be between 1 and 20000, got 0
          timeoutMs: must be between 1 and 600000, got 0""");
  }

  @Test
  void aProblemWithoutErrorsIsOneLine() {
    assertThat(ProblemText.describe(401, "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"send a key\"}"))
        .isEqualTo("job refused (401 Unauthorized): send a key");
  }

  @Test
  void otherBodiesAreShownAsText() {
    assertThat(ProblemText.describe(502, "<html>Bad gateway</html>\nmore")).isEqualTo("job refused (502): <html>Bad gateway</html>");
    assertThat(ProblemText.describe(503, "")).isEqualTo("job refused (503)");
    assertThat(ProblemText.describe(500, "[1,2]")).isEqualTo("job refused (500): [1,2]");
  }
}
