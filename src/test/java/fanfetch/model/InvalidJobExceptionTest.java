package fanfetch.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidJobExceptionTest {

  @Test
  void aBadRequestBecomesAProblemDocumentWithEveryFieldError() {
    InvalidJobException e = new InvalidJobException(400, List.of(
        new FieldError("urls[3]", "must be a string"),
        new FieldError("mode", "must be one of parallel, sequential, compare, got 'x'")));

    assertThat(e.toProblem()).isEqualTo(new JsonObject()
        .put("type", "urn:fanfetch:problem:invalid-job")
        .put("title", "Invalid job")
        .put("status", 400)
        .put("detail", "urls[3]: must be a string")
        .put("errors", new JsonArray()
            .add(new JsonObject().put("field", "urls[3]").put("message", "must be a string"))
            .add(new JsonObject().put("field", "mode")
                .put("message", "must be one of parallel, sequential, compare, got 'x'"))));
  }

  @Test
  void aJobWithTooManyUrlsIsTitledJobTooLarge() {
    InvalidJobException e = new InvalidJobException(413, List.of(new FieldError("urls", "has 6 URLs")));

    JsonObject problem = e.toProblem();

    assertThat(problem.getString("title")).isEqualTo("Job too large");
    assertThat(problem.getString("type")).isEqualTo("urn:fanfetch:problem:job-too-large");
    assertThat(problem.getInteger("status")).isEqualTo(413);
  }

  @Test
  void theMessageNamesTheFirstFieldAndItsProblem() {
    InvalidJobException e = new InvalidJobException(400, List.of(
        new FieldError("perHost", "must be between 1 and 10, got 0"), new FieldError("colour", "unknown field")));

    assertThat(e.getMessage()).isEqualTo("perHost: must be between 1 and 10, got 0");
  }

  @Test
  void withoutFieldErrorsTheMessageIsGeneric() {
    InvalidJobException e = new InvalidJobException(400, List.of());

    assertThat(e.getMessage()).isEqualTo("invalid job");
    assertThat(e.toProblem().getJsonArray("errors")).isEmpty();
  }

  @Test
  void theErrorListIsACopyTheCallerCannotChangeLater() {
    List<FieldError> errors = new ArrayList<>(List.of(new FieldError("a", "b")));
    InvalidJobException e = new InvalidJobException(400, errors);

    errors.add(new FieldError("c", "d"));

    assertThat(e.errors()).containsExactly(new FieldError("a", "b"));
  }
}
