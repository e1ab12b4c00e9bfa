package fanfetch.fetcher;

import fanfetch.config.Settings;
import fanfetch.guard.AddressPolicy;
import fanfetch.guard.GuardedAddressResolver;
import fanfetch.guard.HostLookup;
import fanfetch.guard.TargetUrl;
import fanfetch.model.Addresses;
import fanfetch.model.NodeState;
import fanfetch.model.ErrorKind;
import fanfetch.protocol.FetchTask;
import fanfetch.protocol.ProtocolCodecs;
import fanfetch.protocol.ResultBatch;
import fanfetch.protocol.TaskBatch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs fetch tasks: one HTTP client (and connection pool) per instance, on this instance's event
 * loop. Tasks arrive in {@link TaskBatch}es; each task gets exactly one result, sent back to its
 * coordinator in a {@link ResultBatch}, and a fault in one task is that task's result alone. Several
 * instances run on every node.
 */
public final class FetcherVerticle extends VerticleBase {

  private final HostLookup lookup;
  /** Held in a field: a Vert.x 5 client reachable only from a local variable is closed by the GC. */
  private HttpClientAgent client;
  private GuardedAddressResolver resolver;
  private FetcherParts parts;
  private final Map<String, Set<FetchRun>> runsByJob = new HashMap<>();
  private final List<MessageConsumer<TaskBatch>> taskConsumers = new ArrayList<>();
  private boolean draining;
  private ResultOutbox results;
  private String node;
  /** This instance's own task address, named in every reply. */
  private String ownAddress;

  public FetcherVerticle() {
    this(HostLookup.SYSTEM);
  }

  private FetcherVerticle(HostLookup lookup) {
    this.lookup = lookup;
  }

  /** A fetcher that resolves host names with {@code lookup} (tests map {@code .test} names to loopback addresses). */
  public static FetcherVerticle resolvingWith(HostLookup lookup) {
    return new FetcherVerticle(lookup);
  }

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    node = config().getString("node", "local");
    String id = UUID.randomUUID().toString();
    ownAddress = Addresses.fetcher(id);
    results = new ResultOutbox(context, vertx.eventBus(), ownAddress);
    resolver = new GuardedAddressResolver(new AddressPolicy(settings.guardAllow()), settings.dnsCacheMs(),
        settings.dnsThreads(), lookup);
    ConnectionRegistry connections = new ConnectionRegistry(id.substring(0, 8));
    client = FetchClients.build(vertx, settings, resolver, connections);
    parts = new FetcherParts(vertx, client, resolver, connections, new AddressOrder(),
        new AlpnMemory(System::currentTimeMillis), new ReuseMemory(), node);
    ProtocolCodecs.register(vertx);
    MessageConsumer<TaskBatch> tasks = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(Addresses.FETCH)
        .setMaxBufferedMessages(settings.maxInFlight()), this::onTasks);
    MessageConsumer<TaskBatch> ownTasks = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(ownAddress)
        .setMaxBufferedMessages(settings.maxInFlight()), this::onTasks);
    MessageConsumer<JsonObject> cancels = vertx.eventBus().consumer(Addresses.FETCH_CANCEL, this::onCancel);
    taskConsumers.add(tasks);
    taskConsumers.add(ownTasks);
    vertx.eventBus().localConsumer(Addresses.DRAIN_FETCHERS, m -> drain());
    NodeState.fetchersStopped(vertx).put(ownAddress, false);
    if (!vertx.isClustered()) {
      return Future.all(tasks.completion(), ownTasks.completion(), cancels.completion());
    }
    // Clustered, coordinators address this node's fetchers by node, so they know where each task is.
    MessageConsumer<TaskBatch> nodeTasks = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(Addresses.fetchersOf(node))
        .setMaxBufferedMessages(settings.maxInFlight()), this::onTasks);
    taskConsumers.add(nodeTasks);
    return Future.all(List.of(tasks.completion(), ownTasks.completion(), cancels.completion(), nodeTasks.completion()));
  }

  /**
   * The node is shutting down: no more tasks are taken (coordinators send them elsewhere), and the
   * fetches under way finish; this instance is listed as busy until they have.
   */
  private void drain() {
    draining = true;
    noteBusy();
    Future.join(taskConsumers.stream().map(MessageConsumer::unregister).toList())
        .onComplete(unregistered -> NodeState.fetchersStopped(vertx).put(ownAddress, true));
  }

  private void noteBusy() {
    var busy = NodeState.busyFetchers(vertx);
    if (runsByJob.isEmpty()) {
      busy.remove(ownAddress);
    } else {
      busy.put(ownAddress, true);
    }
  }

  @Override
  public Future<?> stop() {
    // Past the drain's grace, fetches still under way end as the client closes: their failures say
    // nothing of the URLs, so they are not reported; the node leaves the cluster next, and each
    // coordinator sends what it had sent here to the other nodes.
    results.close();
    NodeState.fetchersStopped(vertx).remove(ownAddress);
    return client.close().andThen(closed -> resolver.close());
  }

  private void onTasks(Message<TaskBatch> message) {
    if (draining) {
      // Sent before the coordinator heard that this node drains: it sends the batch elsewhere.
      if (message.replyAddress() != null) {
        message.fail(Addresses.FETCHER_DRAINING, "the fetchers of node " + node + " are draining");
      }
      return;
    }
    // The acknowledgement (when asked for) tells the coordinator the batch arrived; each result
    // follows on its own.
    if (message.replyAddress() != null) {
      message.reply(null);
    }
    TaskBatch batch = message.body();
    for (int i = 0; i < batch.tasks().size(); i++) {
      FetchTask task = batch.tasks().get(i);
      try {
        run(task, batch.parsed(i), batch.replyTo());
      } catch (RuntimeException e) {
        // A task that cannot even be started is answered alone; the rest of the batch runs.
        FetcherLog.refused(task, e);
        if (task != null) {
          results.add(batch.replyTo(), FetchResult.fault(task.sendId(), "start", e, node));
        }
      }
    }
  }

  private void run(FetchTask task, TargetUrl parsed, String replyTo) {
    FetchRun run = new FetchRun(parts, task, parsed);
    FetcherLog.taskReceived(task);
    runsByJob.computeIfAbsent(task.jobId(), id -> new HashSet<>()).add(run);
    run.start().onComplete(result -> {
      Set<FetchRun> runs = runsByJob.get(task.jobId());
      if (runs != null && runs.remove(run) && runs.isEmpty()) {
        runsByJob.remove(task.jobId());
      }
      if (draining) {
        noteBusy();
      }
      results.add(replyTo, result.result());
    });
  }

  private void onCancel(Message<JsonObject> message) {
    String jobId = message.body().getString("jobId");
    Set<FetchRun> runs = runsByJob.remove(jobId);
    parts.reuse().forgetJob(jobId);
    if (runs != null) {
      for (FetchRun run : Set.copyOf(runs)) {
        run.abort(ErrorKind.CANCELLED, "job cancelled");
      }
    }
  }
}
