package fanfetch.model;

import io.vertx.core.json.JsonObject;

/** One validation failure: which field of the request, and what is wrong with it. */
public record FieldError(String field, String message) {

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }
}
