package fanfetch.api;

import fanfetch.model.FieldError;
import fanfetch.model.InvalidJobException;
import fanfetch.model.JobDefaults;
import fanfetch.model.JobLimits;
import fanfetch.model.JobSpec;
import fanfetch.model.JobSpecParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QuerySpecTest {

  private static final JobSpecParser PARSER = new JobSpecParser(
      JobDefaults.from(new JsonObject(), new JobLimits(100, 20_000, 20_000, 600_000, 20, 1L << 40, 10)),
      new JobLimits(100, 20_000, 20_000, 600_000, 20, 1L << 40, 10));

  private static Map<String, List<String>> query(String... pairs) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      query.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
    }
    return query;
  }

  @Test
  void everyOptionBecomesTheJsonFieldOfItsType() {
    QuerySpec.Converted converted = QuerySpec.of(query("concurrency", "2000", "perHost", "16", "digest", "none",
        "mode", "parallel", "method", "HEAD", "timeoutMs", "900", "connectTimeoutMs", "800",
        "followRedirects", "false", "maxRedirects", "2", "maxBytes", "1000", "retries", "1", "deadlineMs", "5000",
        "httpVersions", "h2,http/1.1", "header", "Accept: text/plain", "header", "X-Trace:abc", "wait", "false",
        "detach", "true", "perHostRate", "2.5", "maxHostErrors", "3"));

    assertThat(converted.errors()).isEmpty();
    assertThat(converted.spec()).isEqualTo(new JsonObject().put("concurrency", 2000L).put("perHost", 16L)
        .put("digest", "none").put("mode", "parallel").put("method", "HEAD").put("timeoutMs", 900L)
        .put("connectTimeoutMs", 800L).put("followRedirects", false).put("maxRedirects", 2L).put("maxBytes", 1000L)
        .put("retries", 1L).put("deadlineMs", 5000L).put("httpVersions", new JsonArray().add("h2").add("http/1.1"))
        .put("headers", new JsonObject().put("Accept", "text/plain").put("X-Trace", "abc"))
        .put("perHostRate", 2.5).put("maxHostErrors", 3L));
    JobSpec spec = PARSER.parseWithoutUrls(converted.spec(), 1);
    assertThat(spec.concurrency()).isEqualTo(2000);
    assertThat(spec.followRedirects()).isFalse();
    assertThat(spec.headers()).containsEntry("X-Trace", "abc");
  }

  @Test
  void aValueThatDoesNotConvertIsRefusedByTheParserNamingItsField() {
    QuerySpec.Converted converted = QuerySpec.of(query("concurrency", "many", "followRedirects", "yes",
        "concurency", "5", "httpVersions", "h3"));

    InvalidJobException refused = catchThrowableOfType(() -> PARSER.parseWithoutUrls(converted.spec(), 1),
        InvalidJobException.class);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("concurrency", "followRedirects", "concurency", "httpVersions[0]");
    assertThat(refused.errors()).extracting(FieldError::message).contains("must be a whole number");
  }

  @Test
  void aMalformedOrRepeatedOptionIsNamed() {
    QuerySpec.Converted converted = QuerySpec.of(query("header", "no colon", "header", "A: 1", "header", "a: 2",
        "retries", "1", "retries", "2"));

    assertThat(converted.errors()).extracting(FieldError::field).containsExactly("header", "headers.a", "retries");
  }
}
