package fanfetch.api;

import fanfetch.model.Addresses;
import fanfetch.model.JobIds;
import fanfetch.model.ReportHead;
import fanfetch.store.JobStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.BitSet;
import java.util.logging.Logger;

/**
 * One {@code GET /jobs/{id}/events} stream: a {@code result} Server-Sent Event per finished URL,
 * then one {@code done} event with the report's head. A client that connects late first gets the
 * results already stored, then live ones; each URL is sent once (compare mode: once per run).
 *
 * <p>What a stream costs does not grow with its job, nor with how slowly its client reads: live
 * events are written only while the client keeps up; while it is behind (or while the stored
 * results are being sent) a live event only marks its chunk of the store as missed, one bit, and
 * once the client has taken what was written those chunks are read again from the store
 * ({@link StoreCatchUp}). What was sent is a {@link SentSet} (a bit per chunk done). Streams are capped per node and per API key
 * ({@link StreamGate}); a client that takes nothing for {@code http.streamStallMs} is closed
 * ({@link StreamOut}).
 */
final class ProgressStream implements ProgressFeeds.Subscriber {

  private static final Logger LOG = Logger.getLogger(ProgressStream.class.getName());

  private final RoutingContext ctx;
  private final JobLookup lookup;
  private final ProgressFeeds feeds;
  private String id;
  private StreamGate.Permit permit;
  private StreamOut out;
  /** Sends the stored results not sent yet: at the start, once the client caught up, at the end. */
  private StoreCatchUp catchUp;
  /** The main run's results sent, and compare mode's sequential run's. */
  private SentSet sent;
  private SentSet sentSequential;
  /** Chunks of the store with results that finished while live events were not being written. */
  private final BitSet missed = new BitSet();
  private final BitSet missedSequential = new BitSet();
  private ReportHead head;
  /** Live events are written as they come (else: the store is being read, or the client is behind). */
  private boolean live;
  private boolean reading;
  private JsonObject doneHead;
  private boolean closed;

  ProgressStream(RoutingContext ctx, JobLookup lookup, ProgressFeeds feeds) {
    this.ctx = ctx;
    this.lookup = lookup;
    this.feeds = feeds;
  }

  void start(String jobId) {
    id = jobId;
    if (!JobIds.isWellFormed(id)) {
      ProblemReplies.notFound(ctx, id);
      return;
    }
    StreamLimits limits = StreamLimits.current();
    permit = limits.gate().open(ApiKeys.client(ctx));
    if (permit == null) {
      JobRoutes.refuseStream(ctx, limits, id);
      return;
    }
    // Subscribe first, then read the store: nothing can fall between the two.
    feeds.subscribe(id, this)
        .compose(v -> lookup.head(id, Addresses.OP_GET))
        .onSuccess(found -> {
          if (closed) {
            return;
          }
          if (found == null) {
            close();
            ProblemReplies.notFound(ctx, id);
            return;
          }
          head = found;
          sent = new SentSet(head.urls());
          sentSequential = new SentSet(head.compare() ? head.urls() : 0);
          ctx.response().setStatusCode(200)
              .putHeader("Content-Type", "text/event-stream")
              .putHeader("Cache-Control", "no-cache")
              .putHeader("X-Accel-Buffering", "no");
          out = StreamOut.of(ctx.response(), true, "job " + id);
          out.onClose(this::close);
          catchUp = new StoreCatchUp(lookup.store(), feeds.storeReads(), id, head.urls(), out::write, () -> closed);
          // The head goes out at once: a client knows its stream was accepted before the first event.
          ctx.response().writeHead();
          if (head.finished()) {
            doneHead = head.json();
          }
          readStore(true);
        })
        .onFailure(e -> {
          close();
          ProblemReplies.failure(ctx, e);
        });
  }

  @Override
  public void result(ProgressFeeds.Event event) {
    if (closed || sent == null) {
      return;
    }
    SentSet seen = event.sequential ? sentSequential : sent;
    if (seen.contains(event.index)) {
      return;
    }
    if (!live) {
      (event.sequential ? missedSequential : missed).set(JobStore.chunkOf(Math.max(0, event.index)));
      return;
    }
    if (!seen.add(event.index)) {
      return;
    }
    Future<Void> written = out.write(event.bytes());
    if (out.behind()) {
      // The client fell behind: live events only mark their chunk; once it drains, the store fills the gap.
      live = false;
      written.onComplete(v -> readStore(false));
    }
  }

  @Override
  public void done(JsonObject finalHead) {
    if (closed) {
      return;
    }
    doneHead = finalHead;
    if (live) {
      live = false;
      readStore(false);
    }
  }

  /**
   * Sends what the store holds that was not sent: every chunk ({@code everything}, at the start and
   * at the end), else the chunks marked missed. Then again while more were missed meanwhile; then
   * goes live, or, when the job is over, sends the rest and the done event.
   */
  private void readStore(boolean everything) {
    if (closed || reading) {
      return;
    }
    reading = true;
    live = false;
    boolean finishing = doneHead != null;
    BitSet firstRun = StoreCatchUp.chunks(sentSequential, missedSequential, everything || finishing);
    BitSet mainRun = StoreCatchUp.chunks(sent, missed, everything || finishing);
    Future<Void> first = head.compare() ? catchUp.send(1, sentSequential, firstRun) : Future.succeededFuture();
    first.compose(v -> catchUp.send(head.mainRun(), sent, mainRun)).onComplete(done -> {
      reading = false;
      if (closed) {
        return;
      }
      if (done.failed()) {
        out.end(false);
      } else if (finishing) {
        out.write("event: done\ndata: " + doneHead.encode() + "\n\n").onComplete(v -> out.end(true));
      } else if (doneHead != null || !missed.isEmpty() || !missedSequential.isEmpty()) {
        readStore(false);
      } else {
        live = true;
      }
    });
  }

  private void close() {
    if (!closed) {
      closed = true;
      feeds.unsubscribe(id, this);
      if (permit != null) {
        permit.close();
      }
      LOG.finer(() -> "progress stream of job " + id + " over");
    }
  }
}
