package fanfetch.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceAnswerTest {

  private static final String NOT_FOUND = "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no job 01J\"}";

  @Test
  void aJsonObjectIsRead() {
    assertThat(new ServiceAnswer(200, "{\"id\":\"01J\"}").json()).isEqualTo(new JsonObject().put("id", "01J"));
  }

  @Test
  void anythingElseIsNotAJsonObject() {
    for (String body : new String[] {"[1]", "<html>", "", null}) {
      assertThatThrownBy(() -> new ServiceAnswer(200, body).json()).as(String.valueOf(body))
          .isInstanceOf(IllegalStateException.class).hasMessage("the server's answer is not a JSON object");
    }
  }

  @Test
  void aRefusalIsTheProblemInWordsWithOrWithoutTheJob() {
    ServiceAnswer answer = new ServiceAnswer(404, NOT_FOUND);

    assertThat(answer.jobRefusal()).isEqualTo("job refused (404 Not Found): no job 01J");
    assertThat(answer.problem()).isEqualTo("(404 Not Found): no job 01J");
    assertThat(new ServiceAnswer(502, null).problem()).isEqualTo("(502)");
  }

  @Test
  void aRefusalIsToldAndA401AddsTheKeyHint() {
    StringWriter told = new StringWriter();
    PrintWriter err = new PrintWriter(told);
    ServiceAnswer notFound = new ServiceAnswer(404, NOT_FOUND);
    ServiceAnswer unauthorized = new ServiceAnswer(401, "{\"title\":\"Unauthorized\",\"status\":401}");

    notFound.tellRefused(err, "cancel", notFound.problem());
    unauthorized.tellRefused(err, "submit", unauthorized.jobRefusal());
    err.flush();

    assertThat(told.toString()).isEqualTo("fanfetch cancel: (404 Not Found): no job 01J" + System.lineSeparator()
        + "fanfetch submit: job refused (401 Unauthorized)" + System.lineSeparator()
        + ServerOptions.keyHint() + System.lineSeparator());
  }
}
