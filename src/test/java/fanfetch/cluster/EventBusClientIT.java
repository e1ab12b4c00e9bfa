package fanfetch.cluster;

import fanfetch.examples.EventBusClient;
import fanfetch.testing.ServiceFixture;
import fanfetch.testing.TestOrigin;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example client ({@link EventBusClient}) run as a user would: its own JVM, joining a cluster of
 * two fanfetch nodes (in this test's JVM) through the FANFETCH_CLUSTER_* variables, then leaving.
 */
class EventBusClientIT {

  private static final long CLIENT_SECONDS = 120;

  private static Vertx local;
  private static TestOrigin origin;
  private static LoopbackCluster cluster;
  private static Path logs;
  private static LoopbackCluster.Node a;
  private static LoopbackCluster.Node b;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    local = Vertx.vertx();
    origin = TestOrigin.start(local).await(30, TimeUnit.SECONDS);
    cluster = new LoopbackCluster();
    logs = ChildJvm.logFolder("EventBusClientIT");
    a = cluster.start(ServiceFixture.configFor(origin));
    b = cluster.start(ServiceFixture.configFor(origin));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (local != null) {
        local.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theClientJoinsSendsTheJobPrintsEveryResultAndTheSummaryAndLeaves() throws Exception {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      urls.add(origin.url("/delay/300/bytes/1000?i=" + i));
    }

    try (ChildJvm client = runClient("client-ok", cluster.env(), urls)) {
      int status = client.awaitExit(CLIENT_SECONDS);
      String out = client.out();

      assertThat(status).as("exit status; output:\n%s", client.tail()).isZero();
      List<String> lines = out.lines().toList();
      for (int i = 0; i < urls.size(); i++) {
        String url = urls.get(i);
        assertThat(lines).as("a line for %s", url)
            .anyMatch(line -> line.contains(url) && line.contains(" ok ") && line.contains("1000 bytes"));
      }
      // The URLs were fetched on both nodes (the client runs no fetcher of its own).
      assertThat(out).contains("node " + a.id()).contains("node " + b.id());
      assertThat(lines.get(lines.size() - 1)).matches("job \\w{26} done: 6 URLs, 6 ok, 0 failed, 6000 bytes in .* ms.*");
    }
  }

  @Test
  void aUrlThatFailsMakesTheExitStatusOne() throws Exception {
    List<String> urls = List.of(origin.url("/bytes/10"), origin.url("/status/404"));

    try (ChildJvm client = runClient("client-404", cluster.env(), urls)) {
      int status = client.awaitExit(CLIENT_SECONDS);

      assertThat(status).as("exit status; output:\n%s", client.tail()).isEqualTo(1);
      assertThat(client.out()).contains("FAIL").contains("HTTP 404").contains("2 URLs, 1 ok, 1 failed");
    }
  }

  @Test
  void aClusterWithoutFanfetchNodesIsSaidSoAndTheExitStatusIsOne() throws Exception {
    LoopbackCluster empty = new LoopbackCluster();

    try (ChildJvm client = runClient("client-alone", empty.env(), List.of(origin.url("/bytes/10")))) {
      int status = client.awaitExit(CLIENT_SECONDS);

      assertThat(status).as("exit status; output:\n%s", client.tail()).isEqualTo(1);
      assertThat(client.err()).contains("no fanfetch node in this cluster");
    }
  }

  private static ChildJvm runClient(String name, Map<String, String> env, List<String> urls) throws Exception {
    return ChildJvm.start(name, logs, env, EventBusClient.class.getName(), urls);
  }
}
