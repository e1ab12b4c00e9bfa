package fanfetch.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

  @Test
  void aProblemHasTypeTitleStatusAndDetail() {
    assertThat(Problems.problem(404, "Job not found", "no job 01ABC")).isEqualTo(new JsonObject()
        .put("type", "urn:fanfetch:problem:job-not-found")
        .put("title", "Job not found")
        .put("status", 404)
        .put("detail", "no job 01ABC"));
  }

  @Test
  void theTypeSlugDropsPunctuationAndEdgeHyphens() {
    assertThat(Problems.problem(500, "  Oops!! Something (odd) ", "d").getString("type"))
        .isEqualTo("urn:fanfetch:problem:oops-something-odd");
  }

  @Test
  void theTypeSlugDoesNotDependOnTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      // In Turkish, "I".toLowerCase() is a dotless ı, which the slug would otherwise drop.
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));

      assertThat(Problems.problem(400, "Invalid job", "d").getString("type"))
          .isEqualTo("urn:fanfetch:problem:invalid-job");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void theContentTypeIsProblemJson() {
    assertThat(Problems.CONTENT_TYPE).isEqualTo("application/problem+json");
  }
}
