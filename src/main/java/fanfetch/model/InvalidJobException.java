package fanfetch.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A job that cannot be accepted. {@code status} mirrors HTTP (400 invalid, 413 too large) and is
 * used both for the HTTP answer and for the event-bus {@code ReplyException} code.
 */
public final class InvalidJobException extends RuntimeException {

  private final int status;
  private final List<FieldError> errors;

  public InvalidJobException(int status, List<FieldError> errors) {
    super(errors.isEmpty() ? "invalid job" : errors.get(0).field() + ": " + errors.get(0).message(), null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public int status() {
    return status;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** The RFC 9457 problem document for this failure. */
  public JsonObject toProblem() {
    JsonArray list = new JsonArray();
    errors.forEach(e -> list.add(e.toJson()));
    return Problems.problem(status,
        status == 413 ? "Job too large" : "Invalid job",
        getMessage()).put("errors", list);
  }
}
