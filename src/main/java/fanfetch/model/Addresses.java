package fanfetch.model;

/** Every event-bus address fanfetch uses, in one place. */
public final class Addresses {

  /** Public request/reply entry point: a JobSpec in, a Report (or an accepted ack) back. */
  public static final String JOBS = "fanfetch.jobs";

  /**
   * Internal: a {@link fanfetch.protocol.TaskBatch} in, answered at once with an empty acknowledgement; the results
   * go to the batch's {@code replyTo} address as {@link fanfetch.protocol.ResultBatch}es.
   */
  public static final String FETCH = "fanfetch.fetch";

  /** Internal publish: {@code {jobId}}; every fetcher aborts that job's in-flight requests. */
  public static final String FETCH_CANCEL = "fanfetch.fetch.cancel";

  /**
   * Delivery header on {@link #JOBS} (fanfetch's own API): the id the job is to have, chosen by the
   * submitter so that it can point at the job even when its wait for the report runs out.
   */
  public static final String JOB_ID_HEADER = "fanfetch-job-id";

  /**
   * Delivery header on {@link #JOBS} (fanfetch's own API): the job's URLs were streamed into the job
   * store under the id in {@link #JOB_ID_HEADER} already; the value is how many. The body is the
   * spec without {@code urls}.
   */
  public static final String URLS_STORED_HEADER = "fanfetch-urls-stored";

  /** Local publish (this node only): the node is shutting down; fetchers take no more tasks. */
  public static final String DRAIN_FETCHERS = "fanfetch.node.drain.fetchers";
  /** The failure code a draining fetcher answers a task batch with: send it to another node. */
  public static final int FETCHER_DRAINING = 503;

  /** Local request (this node only): the node is shutting down; answered once its coordinator has drained. */
  public static final String DRAIN = "fanfetch.node.drain";

  /** Delivery header on {@link #JOBS}: {@code accepted} asks for an immediate {@code {id, state}} reply. */
  public static final String REPLY_HEADER = "fanfetch-reply";
  public static final String REPLY_ACCEPTED = "accepted";

  /**
   * Delivery header on {@link #JOBS}: who submits (the HTTP API sends a fingerprint of the API key),
   * for the per-client job cap.
   */
  public static final String CLIENT_HEADER = "fanfetch-client";

  /** Delivery header on progress messages: {@code result} or {@code done}. */
  public static final String EVENT_HEADER = "fanfetch-event";
  public static final String EVENT_RESULT = "result";
  public static final String EVENT_DONE = "done";

  /**
   * Delivery header on control requests from a fanfetch node: the report may be answered with
   * {@link SharedCodec#SHARED_JSON}, handed over without a copy (the asker only reads it). Other
   * event-bus clients, which lack that codec, get plain JSON.
   */
  public static final String SHARE_HEADER = "fanfetch-share";

  /** Control operations sent to {@link #control(String)}. */
  public static final String OP_GET = "get";
  public static final String OP_CANCEL = "cancel";
  /** Answered when the job finishes, with the final Report. */
  public static final String OP_WAIT = "wait";

  private Addresses() {
  }

  /** Published once per finished URL (a Result), then once with the Report. */
  public static String progress(String jobId) {
    return "fanfetch.jobs." + jobId + ".progress";
  }

  /**
   * Local publish (this node only): a cluster member left; body: its node id. The coordinator
   * sends the tasks it had given that node again, at once.
   */
  public static final String NODE_LEFT = "fanfetch.cluster.left";
  /** Local publish (this node only): a cluster member joined; body: its node id. */
  public static final String NODE_JOINED = "fanfetch.cluster.joined";

  /** The task address of all fetchers of one cluster node, so the coordinator knows where a task went. */
  public static String fetchersOf(String nodeId) {
    return FETCH + ".node." + nodeId;
  }

  /** One fetcher instance's own task address, so a sequential run can stay on one connection pool. */
  public static String fetcher(String instanceId) {
    return FETCH + "." + instanceId;
  }

  /** Where one coordinator instance receives the {@link fanfetch.protocol.ResultBatch}es of the tasks it sent. */
  public static String coordinatorResults(String instanceId) {
    return "fanfetch.coordinator." + instanceId + ".results";
  }

  /** Served by the coordinator that owns a live job: {@code {op: get|wait|cancel}} → Report. */
  public static String control(String jobId) {
    return "fanfetch.jobs." + jobId + ".control";
  }
}
