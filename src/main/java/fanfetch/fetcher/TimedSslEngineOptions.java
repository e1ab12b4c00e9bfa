package fanfetch.fetcher;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.DefaultSslContextFactory;
import io.vertx.core.spi.tls.SslContextFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The JDK TLS engine as Vert.x configures it, except that each client connection's Netty handler is
 * a {@link TimedSslHandler}. This is Vert.x's public extension point for the TLS engine
 * ({@code SSLEngineOptions.sslContextFactory()}, read in the 5.1.6 source: {@code SslChannelProvider}
 * asks the factory's {@link SslContext} for the handler of every new connection, and
 * {@code ChannelProvider} adds it while initialising the channel, before the TCP connect). The
 * context itself, its engines (ALPN included) and every setting are Vert.x's defaults, unchanged.
 */
final class TimedSslEngineOptions extends JdkSSLEngineOptions {

  private final TimedSslHandler.Moments moments;

  TimedSslEngineOptions(TimedSslHandler.Moments moments) {
    this.moments = moments;
  }

  @Override
  public TimedSslEngineOptions copy() {
    // Vert.x copies options; the copy must report to the same place.
    return this;
  }

  @Override
  public SslContextFactory sslContextFactory() {
    return new Factory(new DefaultSslContextFactory(SslProvider.JDK, false), moments);
  }

  /** Vert.x's default factory, its context wrapped. */
  private record Factory(SslContextFactory delegate, TimedSslHandler.Moments moments) implements SslContextFactory {

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
      delegate.useAlpn(useAlpn);
      return this;
    }

    @Override
    public SslContextFactory forServer(ClientAuth clientAuth) {
      delegate.forServer(clientAuth);
      return this;
    }

    @Override
    public SslContextFactory forClient(SNIServerName serverName, String endpointIdentificationAlgorithm) {
      delegate.forClient(serverName, endpointIdentificationAlgorithm);
      return this;
    }

    @Override
    public SslContextFactory enabledProtocols(Set<String> enabledProtocols) {
      delegate.enabledProtocols(enabledProtocols);
      return this;
    }

    @Override
    public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
      delegate.keyMananagerFactory(kmf);
      return this;
    }

    @Override
    public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
      delegate.trustManagerFactory(tmf);
      return this;
    }

    @Override
    public SslContextFactory enabledCipherSuites(Set<String> enabledCipherSuites) {
      delegate.enabledCipherSuites(enabledCipherSuites);
      return this;
    }

    @Override
    public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
      delegate.applicationProtocols(applicationProtocols);
      return this;
    }

    @Override
    public SslContext create() throws SSLException {
      SslContext context = delegate.create();
      return context.isClient() ? new TimedContext(context, moments) : context;
    }
  }

  /** Hands out {@link TimedSslHandler}s around the wrapped context's own engines. */
  private static final class TimedContext extends DelegatingSslContext {

    private final SslContext context;
    private final TimedSslHandler.Moments moments;

    TimedContext(SslContext context, TimedSslHandler.Moments moments) {
      super(context);
      this.context = context;
      this.moments = moments;
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls, Executor executor) {
      return new TimedSslHandler(context.newEngine(alloc), startTls, executor, moments);
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls,
                                    Executor executor) {
      // Netty's own handler would also carry its session-resumption hook for trust managers that
      // implement ResumableX509ExtendedTrustManager (package-private in Netty); the JDK's do not.
      return new TimedSslHandler(context.newEngine(alloc, peerHost, peerPort), startTls, executor, moments);
    }

    @Override
    protected void initEngine(SSLEngine engine) {
      // Engines are the wrapped context's, configured by it.
    }
  }
}
