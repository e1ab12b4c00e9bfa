package fanfetch.cluster;

import fanfetch.examples.EventBusClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example client ({@link EventBusClient}) run as a user would: its own JVM, joining a cluster of
 * two fanfetch nodes (in this test's JVM) through the FANFETCH_CLUSTER_* variables, then leaving.
 */
class EventBusClientIT {

  private static final long CLIENT_SECONDS = 120;

  @RegisterExtension
  static final OriginAndCluster fixture = OriginAndCluster.ofNodes(2);

  private static Path logs;

  @BeforeAll
  static void makeTheLogFolder() throws Exception {
    logs = ChildJvm.logFolder("EventBusClientIT");
  }

  @Test
  void theClientJoinsSendsTheJobPrintsEveryResultAndTheSummaryAndLeaves() throws Exception {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      urls.add(fixture.url("/delay/300/bytes/1000?i=" + i));
    }

    try (ChildJvm client = runClient("client-ok", fixture.env(), urls)) {
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
      assertThat(out).contains("node " + fixture.node(0).id()).contains("node " + fixture.node(1).id());
      assertThat(lines.get(lines.size() - 1)).matches("job \\w{26} done: 6 URLs, 6 ok, 0 failed, 6000 bytes in .* ms.*");
    }
  }

  @Test
  void aUrlThatFailsMakesTheExitStatusOne() throws Exception {
    List<String> urls = List.of(fixture.url("/bytes/10"), fixture.url("/status/404"));

    try (ChildJvm client = runClient("client-404", fixture.env(), urls)) {
      int status = client.awaitExit(CLIENT_SECONDS);

      assertThat(status).as("exit status; output:\n%s", client.tail()).isEqualTo(1);
      assertThat(client.out()).contains("FAIL").contains("HTTP 404").contains("2 URLs, 1 ok, 1 failed");
    }
  }

  @Test
  void aClusterWithoutFanfetchNodesIsSaidSoAndTheExitStatusIsOne() throws Exception {
    LoopbackCluster empty = new LoopbackCluster();

    try (ChildJvm client = runClient("client-alone", empty.env(), List.of(fixture.url("/bytes/10")))) {
      int status = client.awaitExit(CLIENT_SECONDS);

      assertThat(status).as("exit status; output:\n%s", client.tail()).isEqualTo(1);
      assertThat(client.err()).contains("no fanfetch node in this cluster");
    }
  }

  private static ChildJvm runClient(String name, Map<String, String> env, List<String> urls) throws Exception {
    return ChildJvm.start(name, logs, env, EventBusClient.class.getName(), urls);
  }
}
