package fanfetch.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The servers a test class talks to: a {@link TestOrigin} and a fanfetch {@link Node} on a Vert.x
 * of the fixture's own, started before the class's first test and closed after its last (with
 * any further node it started). Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OriginAndNode fixture = OriginAndNode.withConfig((config, origin) ->
 *     config.getJsonObject("coordinator").put("retryBaseMs", 50));
 * }</pre>
 *
 * <p>The node's configuration is the shipped default with the guard opened for the origin's ports
 * ({@link ServiceFixture#configFor}), changed by the test once the origin listens. A test that
 * needs a fresh pair per test method calls {@link #start()} and {@link #close()} itself.
 */
public final class OriginAndNode implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  /** Upper bound for closing the fixture's Vert.x (servers, pools): it only catches hangs. */
  private static final long CLOSE_SECONDS = 30;

  /** A change to a node's configuration, made once the origin listens (its ports are known). */
  @FunctionalInterface
  public interface ConfigChange {
    void apply(JsonObject config, TestOrigin origin) throws Exception;
  }

  private final boolean withOrigin;
  private final ConfigChange nodeConfig;
  private Supplier<Vertx> vertxFactory = Vertx::vertx;

  private Vertx vertx;
  private TestOrigin origin;
  private Node node;
  private final List<Node> ownVertxNodes = new ArrayList<>();

  private OriginAndNode(boolean withOrigin, ConfigChange nodeConfig) {
    this.withOrigin = withOrigin;
    this.nodeConfig = nodeConfig;
  }

  /** An origin and a node whose guard lets it reach that origin, nothing else changed. */
  public static OriginAndNode withDefaults() {
    return withConfig((config, origin) -> { });
  }

  /** An origin and a node configured as {@link ServiceFixture#configFor} then changed by {@code change}. */
  public static OriginAndNode withConfig(ConfigChange change) {
    return new OriginAndNode(true, change);
  }

  /** A node alone, on the shipped default configuration changed by {@code change} (its guard left shut). */
  public static OriginAndNode nodeOnly(Consumer<JsonObject> change) {
    return new OriginAndNode(false, (config, none) -> change.accept(config));
  }

  /** An origin alone, for tests whose nodes run elsewhere (another process, a cluster). */
  public static OriginAndNode originOnly() {
    return new OriginAndNode(true, null);
  }

  /** Runs origin and node on a Vert.x made by {@code factory} (e.g. one with metrics options), not a plain one. */
  public OriginAndNode onVertx(Supplier<Vertx> factory) {
    this.vertxFactory = factory;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts the Vert.x, then the origin, then the node; on a failure closes what had started. */
  public OriginAndNode start() {
    if (vertx != null) {
      throw new IllegalStateException("already started");
    }
    vertx = vertxFactory.get();
    try {
      if (withOrigin) {
        origin = Node.await(TestOrigin.start(vertx));
      }
      if (nodeConfig != null) {
        node = Node.start(vertx, config(nodeConfig));
      }
      return this;
    } catch (RuntimeException | Error e) {
      try {
        close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * A further node, on a Vert.x of its own (a node owns its event bus), configured as the main
   * one would be before its own change; closed with the fixture.
   */
  public Node startNode(ConfigChange change) {
    Node other = Node.startAlone(config(change));
    ownVertxNodes.add(other);
    return other;
  }

  /** A further origin on the fixture's Vert.x (closed with it), for tests that need two. */
  public TestOrigin startOrigin() {
    return Node.await(TestOrigin.start(vertx()));
  }

  private JsonObject config(ConfigChange change) {
    JsonObject config = origin != null ? ServiceFixture.configFor(origin) : ServiceFixture.defaultConfig();
    try {
      change.apply(config, origin);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the node's configuration could not be made: " + e, e);
    }
    return config;
  }

  public Vertx vertx() {
    return started(vertx, "Vert.x");
  }

  public TestOrigin origin() {
    return started(origin, "origin");
  }

  public Node node() {
    return started(node, "node");
  }

  /** The origin's {@code http://127.0.0.1:port} + path. */
  public String url(String path) {
    return origin().url(path);
  }

  /** The node's HTTP port (on 127.0.0.1). */
  public int port() {
    return node().port();
  }

  /** The web client the node's calls go through, on the fixture's Vert.x. */
  public WebClient client() {
    return node().client();
  }

  /** A GET to the node's API, to be sent ({@code path} with any query). */
  public HttpRequest<Buffer> get(String path) {
    return client().get(port(), "127.0.0.1", path);
  }

  /** A POST to the node's API, to be sent. */
  public HttpRequest<Buffer> post(String path) {
    return client().post(port(), "127.0.0.1", path);
  }

  /** A PUT to the node's API, to be sent. */
  public HttpRequest<Buffer> put(String path) {
    return client().put(port(), "127.0.0.1", path);
  }

  /** A DELETE to the node's API, to be sent. */
  public HttpRequest<Buffer> delete(String path) {
    return client().delete(port(), "127.0.0.1", path);
  }

  private static <T> T started(T part, String what) {
    if (part == null) {
      throw new IllegalStateException("this fixture has no " + what + " (not started, or not one it starts)");
    }
    return part;
  }

  /**
   * Closes the further nodes, the node and the Vert.x (which closes the origin), each bounded in
   * time; every step is tried, and the first failure is thrown after all of them.
   */
  @Override
  public void close() {
    List<Runnable> steps = new ArrayList<>();
    for (Node other : ownVertxNodes) {
      steps.add(other::close);
    }
    if (node != null) {
      steps.add(node::close);
    }
    if (vertx != null) {
      Vertx own = vertx;
      steps.add(() -> Node.await(own.close(), CLOSE_SECONDS));
    }
    ownVertxNodes.clear();
    node = null;
    origin = null;
    vertx = null;
    RuntimeException failure = null;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException | AssertionError e) {
        if (failure == null) {
          failure = new IllegalStateException("closing a test server failed: " + e, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
