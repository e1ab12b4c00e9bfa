package fanfetch.fetcher;

import fanfetch.config.Settings;
import fanfetch.guard.AddressPolicy;
import fanfetch.guard.GuardedAddressResolver;
import fanfetch.guard.HostLookup;
import fanfetch.guard.TargetUrl;
import fanfetch.model.Addresses;
import fanfetch.model.NodeState;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
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
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;

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
  private final List<MessageConsumer<TaskBatch>> taskConsumers = new java.util.ArrayList<>();
  private boolean draining;
  /** Set once Vert.x stops this verticle: fetches still under way then fail for that alone. */
  private boolean stopping;
  /** Results finished in this turn of the event loop, by the coordinator address they go to. */
  private final Map<String, List<ResultBatch.Entry>> outbox = new HashMap<>();
  private boolean flushScheduled;
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
    resolver = new GuardedAddressResolver(new AddressPolicy(settings.guardAllow()), settings.dnsCacheMs(),
        settings.dnsThreads(), lookup);
    ConnectionRegistry connections = new ConnectionRegistry(id.substring(0, 8));
    client = vertx.httpClientBuilder()
        .with(clientOptions(settings))
        .with(new TimedSslEngineOptions(connections))
        // The default of 5 connections per host would silently serialize a job's fetches; HTTP/2
        // multiplexes, so it opens few (see fetchers.http2MaxConnectionsPerHost).
        .with(new PoolOptions().setHttp1MaxSize(settings.maxConnectionsPerHost())
            .setHttp2MaxSize(settings.http2MaxConnectionsPerHost()))
        .withAddressResolver(resolver)
        .withConnectHandler(connection -> onNewConnection(connections, connection))
        .build();
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
    stopping = true;
    NodeState.fetchersStopped(vertx).remove(ownAddress);
    return client.close().andThen(closed -> resolver.close());
  }

  private static HttpClientOptions clientOptions(Settings settings) {
    HttpClientOptions options = new HttpClientOptions()
        .setName("fanfetch-fetcher")
        .setKeepAlive(true)
        .setKeepAliveTimeout(settings.keepAliveTimeoutSeconds())
        .setMaxHeaderSize(settings.maxHeaderBytes())
        // Bytes are counted as received: no transparent decompression.
        .setDecompressionSupported(false)
        .setVerifyHost(true)
        .setTrustAll(false)
        // Bounds the TCP connect itself: a connect the fetch gave up on still ends within this.
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.maxConnectTimeoutMs()))
        // Larger chunks cut per-chunk overhead on big bodies.
        .setMaxChunkSize(64 * 1024)
        // One client speaks every version a job may allow: each request names the one it wants
        // (RequestOptions.setProtocolVersion); without one, ALPN offers h2 and http/1.1. Cleartext
        // HTTP/2 is by prior knowledge, never by Upgrade.
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setHttp2ClearTextUpgrade(false)
        .setHttp2KeepAliveTimeout(settings.keepAliveTimeoutSeconds());
    if (settings.http2MaxStreamsPerConnection() > 0) {
      options.setHttp2MultiplexingLimit(settings.http2MaxStreamsPerConnection());
    }
    TrustOptions trust = TrustAnchors.withExtraPem(settings.trustPem());
    if (trust != null) {
      options.setTrustOptions(trust);
    }
    return options;
  }

  private static void onNewConnection(ConnectionRegistry connections, HttpConnection connection) {
    // Connection failures reach the fetch that uses the connection and end up in its result;
    // without a handler Vert.x would also log each one as an unhandled exception.
    connection.exceptionHandler(failure -> { });
    connections.opened(connection);
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
          queueResult(batch.replyTo(), new ResultBatch.Entry(task.sendId(), Results.failure(ErrorKind.PROTOCOL,
              "fanfetch could not start this fetch: " + e.getClass().getSimpleName(), null, node), null, false));
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
      queueResult(replyTo, result.result());
    });
  }

  /**
   * Results wait for the end of this turn of the event loop, then go out as one message per
   * coordinator: fetches that finish together (a burst of responses read in one go) cost one
   * event-bus message, not one each.
   */
  private void queueResult(String replyTo, ResultBatch.Entry entry) {
    if (stopping) {
      return;
    }
    outbox.computeIfAbsent(replyTo, to -> new ArrayList<>()).add(entry);
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flushResults());
    }
  }

  private void flushResults() {
    flushScheduled = false;
    outbox.forEach((replyTo, entries) -> vertx.eventBus().send(replyTo, new ResultBatch(ownAddress, entries)));
    outbox.clear();
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
