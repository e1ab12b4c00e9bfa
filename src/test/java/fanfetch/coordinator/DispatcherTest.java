package fanfetch.coordinator;

import fanfetch.model.Addresses;
import fanfetch.model.JobSpec;
import fanfetch.model.Results;
import fanfetch.protocol.FetchTask;
import fanfetch.protocol.ResultBatch;
import fanfetch.protocol.TaskBatch;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher with the event bus played here: batches are caught as they leave, results are
 * handed in, and the test settles each send on its job as the coordinator does.
 */
class DispatcherTest {

  private record Out(String address, FetchTask task, java.util.function.Consumer<Throwable> onFailure) {
  }

  private final List<Out> out = new ArrayList<>();
  private final List<SendOutcome.Kind> settled = new ArrayList<>();
  private Members members;
  private Dispatcher dispatcher;

  @BeforeEach
  void cluster() {
    members = new Members(() -> 0);
    members.reset(List.of("node-1", "node-2"));
    Dispatcher.Transport transport = (address, batch, onFailure) -> {
      for (FetchTask task : batch.tasks()) {
        out.add(new Out(address, task, onFailure));
      }
    };
    Dispatcher.Listener listener = new Dispatcher.Listener() {
      @Override
      public void settled(Dispatcher.Send send, SendOutcome outcome) {
        settled.add(outcome.kind());
        send.job().settle(send.index(), send.generation(), send.token(), outcome);
        dispatcher.offer(send.job());
      }

      @Override
      public void deadlineDue(Job job) {
      }

      @Override
      public void mustWait(Job job) {
      }
    };
    dispatcher = new Dispatcher(transport, listener, new FileBudget(20_000, 100), members, 2, 5_000);
    dispatcher.resultsTo("results");
  }

  private static TestJob sequentialJob(String... urls) {
    JobSpec spec = new JobSpec(List.of(urls), JobSpec.Mode.SEQUENTIAL, 10, 10, "GET", Map.of(), 30_000, 10_000,
        true, 5, 1L << 30, JobSpec.Digest.SHA256, 0, 0);
    return TestJob.of("01JOBID0000000000000000000", spec, "node-1", Instant.EPOCH, JobTest.RULES);
  }

  /** A fetcher on {@code node}, at {@code fetcher}, answers the task. */
  private void answer(FetchTask task, String fetcher, String node) {
    JsonObject result = new JsonObject().put(Results.OK, true).put(Results.STATUS, 200).put(Results.BYTES, 1L)
        .put(Results.NODE, node).put(Results.TIMINGS, Results.timings(1, 1, null, 1, 1, 4, false))
        .putNull(Results.ERROR);
    dispatcher.onResults(new ResultBatch(fetcher, List.of(new ResultBatch.Entry(task.sendId(), result, null, false))));
  }

  @Test
  void aSequentialRunsPinnedSendGoesAgainAtOnceWhenItsNodeLeaves() {
    TestJob run = sequentialJob("http://a.test/1", "http://a.test/2", "http://a.test/3");
    run.start(System.nanoTime(), Instant.EPOCH);
    dispatcher.offer(run.job());
    assertThat(out).hasSize(1);
    assertThat(out.get(0).task().index()).isZero();

    // The first answer came from a fetcher on node-2: the run stays on it, for its connections.
    answer(out.get(0).task(), "fanfetch.fetch.node-2.f7", "node-2");
    assertThat(out).hasSize(2);
    assertThat(out.get(1).address()).isEqualTo("fanfetch.fetch.node-2.f7");
    assertThat(out.get(1).task().index()).isEqualTo(1);

    // node-2 dies with the pinned task in flight: it goes again now, not after timeoutMs + margin.
    assertThat(dispatcher.onNodeLeft("node-2")).isEqualTo(1);
    assertThat(settled).endsWith(SendOutcome.Kind.NODE_LEFT);
    assertThat(out).hasSize(3);
    assertThat(out.get(2).task().index()).isEqualTo(1);
    assertThat(out.get(2).address()).isEqualTo(Addresses.fetchersOf("node-1"));
    assertThat(dispatcher.inFlight()).isEqualTo(1);
  }

  @Test
  void aNodeLeavingSettlesOnlyTheSendsThatWentThere() {
    JobSpec spec = new JobSpec(List.of("http://a.test/1", "http://b.test/2", "http://c.test/3", "http://d.test/4"),
        JobSpec.Mode.PARALLEL, 10, 10, "GET", Map.of(), 30_000, 10_000, true, 5, 1L << 30, JobSpec.Digest.SHA256, 0, 0);
    TestJob run = TestJob.of("01JOBID0000000000000000001", spec, "node-1", Instant.EPOCH, JobTest.RULES);
    run.start(System.nanoTime(), Instant.EPOCH);
    dispatcher.offer(run.job());
    assertThat(out).extracting(Out::address).containsExactlyInAnyOrder(Addresses.fetchersOf("node-1"),
        Addresses.fetchersOf("node-2"), Addresses.fetchersOf("node-1"), Addresses.fetchersOf("node-2"));

    assertThat(dispatcher.onNodeLeft("node-2")).isEqualTo(2);
    assertThat(settled).containsExactly(SendOutcome.Kind.NODE_LEFT, SendOutcome.Kind.NODE_LEFT);
    assertThat(out.subList(4, out.size())).extracting(o -> o.task().index()).containsExactlyInAnyOrder(1, 3);
    assertThat(out.subList(4, out.size())).extracting(Out::address).containsOnly(Addresses.fetchersOf("node-1"));
    assertThat(dispatcher.inFlight()).isEqualTo(4);
  }

  @Test
  void aBatchADrainingNodeTurnsAwayGoesToAnotherNodeAtOnce() {
    JobSpec spec = new JobSpec(List.of("http://a.test/1"), JobSpec.Mode.PARALLEL, 10, 10, "GET", Map.of(), 30_000,
        10_000, true, 5, 1L << 30, JobSpec.Digest.SHA256, 0, 0);
    TestJob run = TestJob.of("01JOBID0000000000000000002", spec, "node-1", Instant.EPOCH, JobTest.RULES);
    run.start(System.nanoTime(), Instant.EPOCH);
    dispatcher.offer(run.job());
    assertThat(out).hasSize(1);
    Out first = out.get(0);

    first.onFailure().accept(new io.vertx.core.eventbus.ReplyException(
        io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE, Addresses.FETCHER_DRAINING, "draining"));

    assertThat(settled).containsExactly(SendOutcome.Kind.NOT_READY);
    assertThat(out).hasSize(2);
    assertThat(out.get(1).task().index()).isZero();
    assertThat(out.get(1).address()).isNotEqualTo(first.address());
    assertThat(run.table().attempts(0)).as("a send turned away is no attempt").isEqualTo(1);
  }
}
