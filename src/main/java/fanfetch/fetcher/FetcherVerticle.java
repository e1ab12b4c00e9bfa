package fanfetch.fetcher;

import fanfetch.config.Settings;
import fanfetch.guard.AddressPolicy;
import fanfetch.guard.GuardedAddressResolver;
import fanfetch.model.Addresses;
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
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Runs fetch tasks: one HTTP client (and connection pool) per instance, on this instance's event
 * loop. Tasks arrive in {@link TaskBatch}es; each task gets exactly one result, sent back to its
 * coordinator in a {@link ResultBatch}. Several instances run on every node.
 */
public final class FetcherVerticle extends VerticleBase {

  /** Held in a field: a Vert.x 5 client reachable only from a local variable is closed by the GC. */
  private HttpClientAgent client;
  private GuardedAddressResolver resolver;
  private final Set<HttpConnection> freshConnections = new HashSet<>();
  private final Map<String, Set<FetchRun>> runsByJob = new HashMap<>();
  /** Results finished in this turn of the event loop, by the coordinator address they go to. */
  private final Map<String, List<ResultBatch.Entry>> outbox = new HashMap<>();
  private boolean flushScheduled;
  private String node;
  /** This instance's own task address, named in every reply. */
  private String ownAddress;

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    node = config().getString("node", "local");
    resolver = new GuardedAddressResolver(new AddressPolicy(settings.guardAllow()), settings.dnsCacheMs(),
        settings.dnsThreads());
    client = vertx.httpClientBuilder()
        .with(clientOptions(settings))
        // The default of 5 connections per host would silently serialize a job's fetches.
        .with(new PoolOptions().setHttp1MaxSize(settings.maxConnectionsPerHost()))
        .withAddressResolver(resolver)
        .withConnectHandler(this::onNewConnection)
        .build();
    ProtocolCodecs.register(vertx);
    MessageConsumer<TaskBatch> tasks = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(Addresses.FETCH)
        .setMaxBufferedMessages(settings.maxInFlight()), this::onTasks);
    ownAddress = Addresses.fetcher(java.util.UUID.randomUUID().toString());
    MessageConsumer<TaskBatch> ownTasks = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(ownAddress)
        .setMaxBufferedMessages(settings.maxInFlight()), this::onTasks);
    MessageConsumer<JsonObject> cancels = vertx.eventBus().consumer(Addresses.FETCH_CANCEL, this::onCancel);
    if (!vertx.isClustered()) {
      return Future.all(tasks.completion(), ownTasks.completion(), cancels.completion());
    }
    // Clustered, coordinators address this node's fetchers by node, so they know where each task is.
    MessageConsumer<TaskBatch> nodeTasks = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress(Addresses.fetchersOf(node))
        .setMaxBufferedMessages(settings.maxInFlight()), this::onTasks);
    return Future.all(List.of(tasks.completion(), ownTasks.completion(), cancels.completion(), nodeTasks.completion()));
  }

  @Override
  public Future<?> stop() {
    return client.close();
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
        .setMaxChunkSize(64 * 1024);
    TrustOptions trust = TrustAnchors.withExtraPem(settings.trustPem());
    if (trust != null) {
      options.setTrustOptions(trust);
    }
    return options;
  }

  private void onNewConnection(HttpConnection connection) {
    freshConnections.add(connection);
    // Connection failures reach the fetch that uses the connection and end up in its result;
    // without a handler Vert.x would also log each one as an unhandled exception.
    connection.exceptionHandler(failure -> { });
    connection.closeHandler(v -> freshConnections.remove(connection));
  }

  private void onTasks(Message<TaskBatch> message) {
    // The acknowledgement (when asked for) tells the coordinator the batch arrived; each result
    // follows on its own.
    if (message.replyAddress() != null) {
      message.reply(null);
    }
    TaskBatch batch = message.body();
    for (int i = 0; i < batch.tasks().size(); i++) {
      run(batch.tasks().get(i), batch.parsed(i), batch.replyTo());
    }
  }

  private void run(FetchTask task, fanfetch.guard.TargetUrl parsed, String replyTo) {
    FetchRun run = new FetchRun(vertx, client, resolver, freshConnections, task, parsed, node);
    runsByJob.computeIfAbsent(task.jobId(), id -> new HashSet<>()).add(run);
    run.start().onComplete(result -> {
      Set<FetchRun> runs = runsByJob.get(task.jobId());
      if (runs != null && runs.remove(run) && runs.isEmpty()) {
        runsByJob.remove(task.jobId());
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
    Set<FetchRun> runs = runsByJob.remove(message.body().getString("jobId"));
    if (runs != null) {
      for (FetchRun run : Set.copyOf(runs)) {
        run.abort(ErrorKind.CANCELLED, "job cancelled");
      }
    }
  }
}
