package fanfetch.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The API key check ({@code auth.apiKeys}): with keys set, a request needs {@code Authorization:
 * Bearer <key>}, else it is answered 401 here. Keys are compared in constant time and never logged;
 * an accepted caller is known downstream by a one-way fingerprint of its key ({@link #client}).
 */
final class ApiKeys implements Handler<RoutingContext> {

  /** Routing-context key: the caller's API key fingerprint. */
  private static final String CLIENT = "fanfetch.client";

  private final List<byte[]> keys;

  ApiKeys(List<String> keys) {
    this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  boolean enabled() {
    return !keys.isEmpty();
  }

  /** The fingerprint of the key the request was accepted with, or null when no keys are set. */
  static String client(RoutingContext ctx) {
    return ctx.get(CLIENT);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (keys.isEmpty()) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
      boolean known = false;
      for (byte[] key : keys) {
        // Constant-time comparison, and every key is compared, so timing tells nothing.
        known |= MessageDigest.isEqual(key, presented);
      }
      if (known) {
        ctx.put(CLIENT, fingerprint(presented));
        ctx.next();
        return;
      }
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    ProblemReplies.problem(ctx, 401, "Unauthorized", "send Authorization: Bearer <api key>");
  }

  /** A short, one-way name for an API key: it identifies the client without revealing the key. */
  private static String fingerprint(byte[] key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key);
      return "key-" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
