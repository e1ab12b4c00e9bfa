package fanfetch.model;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * An event-bus codec that hands an object to a local consumer as it is, without the copy Vert.x
 * makes of a {@link JsonObject} for every local delivery, and writes it as JSON when it crosses
 * to another cluster node. Only for objects nobody changes once sent: batches of tasks and
 * results, report heads, specs handed to the local coordinator.
 */
public final class SharedCodec<T> implements MessageCodec<T, T> {

  /** Name of the codec for reports handed to fanfetch's own API, which only reads them. */
  public static final String SHARED_JSON = "fanfetch.shared-json";

  private final String name;
  private final Function<T, Buffer> toJson;
  private final Function<Buffer, T> fromJson;

  private SharedCodec(String name, Function<T, Buffer> toJson, Function<Buffer, T> fromJson) {
    this.name = name;
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  /** A codec for {@code T} that crosses the cluster as the JSON object {@code toJson} makes of it. */
  public static <T> SharedCodec<T> viaJsonObject(String name, Function<T, JsonObject> toJson,
                                                  Function<JsonObject, T> fromJson) {
    return new SharedCodec<>(name, value -> toJson.apply(value).toBuffer(), json -> fromJson.apply(new JsonObject(json)));
  }

  /** Registers the model's codecs on this Vert.x instance, once (every verticle may call it). */
  public static synchronized void register(Vertx vertx) {
    registerDefault(vertx, ReportHead.class, viaJsonObject("fanfetch.report-head", ReportHead::json, ReportHead::new));
    try {
      vertx.eventBus().registerCodec(viaJsonObject(SHARED_JSON, json -> json, json -> json));
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered them first
    }
  }

  /** Makes {@code codec} the default for {@code type} on this Vert.x instance, unless one already is. */
  public static synchronized <T> void registerDefault(Vertx vertx, Class<T> type, MessageCodec<T, ?> codec) {
    try {
      vertx.eventBus().registerDefaultCodec(type, codec);
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    Buffer json = toJson.apply(value);
    buffer.appendInt(json.length());
    buffer.appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson.apply(buffer.slice(pos + 4, pos + 4 + length));
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
