package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /jobs: the jobs in the store, newest first, paged, and with API keys only the caller's. */
class JobListingTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, origin) -> config.put("auth",
      new JsonObject().put("apiKeys", new JsonArray().add("alice-key").add("bob-key"))));

  private static String submit(String key, String path) {
    JsonObject report = fixture.post("/jobs").bearerTokenAuthentication(key)
        .sendJsonObject(new JsonObject().put("urls", new JsonArray().add(fixture.url(path)).add(fixture.url(path))))
        .await().bodyAsJsonObject();
    return report.getString("id");
  }

  private static JsonObject list(String key, String query) {
    var answer = fixture.get("/jobs" + query).bearerTokenAuthentication(key).send().await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  private static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getJsonArray("jobs").forEach(job -> ids.add(((JsonObject) job).getString("id")));
    return ids;
  }

  @Test
  void eachCallerListsItsOwnJobsNewestFirstAPageAtATime() {
    String alice1 = submit("alice-key", "/bytes/1");
    String bob = submit("bob-key", "/bytes/2");
    String alice2 = submit("alice-key", "/status/404");

    JsonObject all = list("alice-key", "");
    JsonObject first = list("alice-key", "?limit=1");
    JsonObject second = list("alice-key", "?limit=1&after=" + first.getString("next"));

    assertThat(ids(all)).startsWith(alice2, alice1).doesNotContain(bob);
    assertThat(ids(list("bob-key", ""))).containsExactly(bob);
    assertThat(ids(first)).containsExactly(alice2);
    assertThat(ids(second)).containsExactly(alice1);
    JsonObject entry = all.getJsonArray("jobs").getJsonObject(0);
    assertThat(entry.getString("state")).isEqualTo("done");
    assertThat(entry.getString("mode")).isEqualTo("parallel");
    assertThat(entry.getInteger("urls")).isEqualTo(2);
    assertThat(entry.getInteger("completed")).isEqualTo(2);
    assertThat(entry.getString("createdAt")).isNotBlank();
    assertThat(entry.getString("finishedAt")).isNotBlank();
  }

  @Test
  void aBadLimitIs400NamingIt() {
    var answer = fixture.get("/jobs?limit=5000").bearerTokenAuthentication("alice-key").send().await();

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("limit");
  }

  @Test
  void listingNeedsAKey() {
    assertThat(fixture.get("/jobs").send().await().statusCode()).isEqualTo(401);
  }
}
