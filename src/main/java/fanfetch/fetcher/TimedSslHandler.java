package fanfetch.fetcher;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLEngine;
import java.util.concurrent.Executor;

/**
 * Netty's TLS handler, marking the moments Vert.x does not show: when the channel was set up for
 * connecting ({@link #handlerAdded}: Vert.x adds this handler while initialising the channel, just
 * before the TCP connect), when TCP connected ({@link #channelActive}, where the client starts its
 * handshake) and when the handshake ended. Vert.x completes TCP connect and TLS handshake as one
 * step; these moments split {@code connectMs} from {@code tlsMs}.
 */
final class TimedSslHandler extends SslHandler {

  /** Where the moments go, keyed by the connection's addresses (see {@link ConnectionRegistry#key}). */
  interface Moments {
    void tcpConnected(String key, long tcpStartNanos, long tcpDoneNanos);

    void handshakeEnded(String key, long nanos, boolean success);

    void channelClosed(String key);
  }

  private final Moments moments;
  private long tcpStart;

  TimedSslHandler(SSLEngine engine, boolean startTls, Executor delegatedTaskExecutor, Moments moments) {
    super(engine, startTls, delegatedTaskExecutor);
    this.moments = moments;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    tcpStart = System.nanoTime();
    super.handlerAdded(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    long tcpDone = System.nanoTime();
    String key = ConnectionRegistry.key(ctx.channel().localAddress(), ctx.channel().remoteAddress());
    if (key != null) {
      moments.tcpConnected(key, tcpStart, tcpDone);
      // Added before the handshake starts (in super.channelActive), so it runs before Vert.x hears of the end.
      handshakeFuture().addListener(f -> moments.handshakeEnded(key, System.nanoTime(), f.isSuccess()));
      ctx.channel().closeFuture().addListener(f -> moments.channelClosed(key));
    }
    super.channelActive(ctx);
  }
}
