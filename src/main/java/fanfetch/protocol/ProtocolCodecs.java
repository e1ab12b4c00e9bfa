package fanfetch.protocol;

import fanfetch.model.SharedCodec;
import io.vertx.core.Vertx;

/** Registers the codecs of the coordinator–fetcher messages: handed over as they are on one node, JSON between nodes. */
public final class ProtocolCodecs {

  private ProtocolCodecs() {
  }

  /** Once per Vert.x instance (every verticle may call it). */
  public static synchronized void register(Vertx vertx) {
    SharedCodec.register(vertx);
    SharedCodec.registerDefault(vertx, TaskBatch.class,
        SharedCodec.viaJsonObject("fanfetch.task-batch", TaskBatch::toJson, TaskBatch::fromJson));
    SharedCodec.registerDefault(vertx, ResultBatch.class,
        SharedCodec.viaJsonObject("fanfetch.result-batch", ResultBatch::toJson, ResultBatch::fromJson));
  }
}
