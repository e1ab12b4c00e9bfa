package fanfetch.fetcher;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts a body's bytes as they stream past and, when asked, hashes them; holds none of them.
 * Refuses to go past {@code maxBytes}.
 */
final class BodyMeter {

  private final long maxBytes;
  private final MessageDigest sha256;
  private long bytes;

  BodyMeter(long maxBytes, boolean digest) {
    this.maxBytes = maxBytes;
    try {
      this.sha256 = digest ? MessageDigest.getInstance("SHA-256") : null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Accounts for one chunk.
   *
   * @return false when the body now exceeds {@code maxBytes} (the chunk is counted, not hashed)
   */
  boolean accept(ByteBuffer chunk) {
    bytes += chunk.remaining();
    if (bytes > maxBytes) {
      return false;
    }
    if (sha256 != null) {
      sha256.update(chunk);
    }
    return true;
  }

  /** The chunk's bytes without a copy (hashing a 1 GiB body must not allocate 1 GiB; Vert.x's public Buffer API only copies). */
  static ByteBuffer bytesOf(Buffer chunk) {
    return ((BufferInternal) chunk).getByteBuf().nioBuffer();
  }

  long bytes() {
    return bytes;
  }

  /** Hex SHA-256 of everything accepted, or null when no digest was asked for. */
  String sha256Hex() {
    return sha256 == null ? null : HexFormat.of().formatHex(sha256.digest());
  }
}
