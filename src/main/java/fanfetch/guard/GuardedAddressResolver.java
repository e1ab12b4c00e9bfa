package fanfetch.guard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.Address;
import io.vertx.core.net.AddressResolver;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.endpoint.EndpointBuilder;
import io.vertx.core.spi.endpoint.EndpointResolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP client's address resolver: resolves a host, keeps only the addresses the
 * {@link AddressPolicy} allows, and hands the client endpoints that are already IP addresses. The
 * client then connects to exactly the vetted address (no second lookup, so DNS rebinding has no
 * window), and because the client asks this resolver for every request, redirect hops are checked
 * too. Host header, SNI and certificate checks still use the host name.
 *
 * <p>It also records when each lookup ran, so a fetch can report how long it waited for DNS.
 */
public final class GuardedAddressResolver implements AddressResolver<SocketAddress> {

  /** When a lookup for {@code host:port} started and ended ({@link System#nanoTime()}). */
  public record Lookup(long startNanos, long endNanos) {
  }

  private final AddressPolicy policy;
  private final long cacheMs;
  private final int dnsThreads;
  private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();

  public GuardedAddressResolver(AddressPolicy policy, long cacheMs, int dnsThreads) {
    this.policy = policy;
    this.cacheMs = cacheMs;
    this.dnsThreads = dnsThreads;
  }

  /** Nanoseconds a request that started at {@code since} spent waiting for this host's lookup. */
  public long dnsWaitNanos(String host, int port, long since) {
    Lookup lookup = lookups.get(key(host, port));
    if (lookup == null || lookup.endNanos() < since) {
      return 0;
    }
    return lookup.endNanos() - Math.max(since, lookup.startNanos());
  }

  @Override
  public EndpointResolver<SocketAddress, ?, ?, ?> endpointResolver(Vertx vertx) {
    // JDK lookups block (and honour /etc/hosts), so they run on a small shared worker pool.
    return new Resolver<>(vertx.createSharedWorkerExecutor("fanfetch-dns", dnsThreads));
  }

  private static String key(String host, int port) {
    return host + ":" + port;
  }

  private record State<E>(E endpoint, long expiresAtMillis, String key) {
  }

  private final class Resolver<E> implements EndpointResolver<SocketAddress, SocketAddress, State<E>, E> {

    private final WorkerExecutor dns;

    Resolver(WorkerExecutor dns) {
      this.dns = dns;
    }

    @Override
    public SocketAddress tryCast(Address address) {
      return address instanceof SocketAddress s && s.isInetSocket() ? s : null;
    }

    @Override
    public SocketAddress addressOf(SocketAddress server) {
      return server;
    }

    @Override
    public Future<State<E>> resolve(SocketAddress address, EndpointBuilder<E, SocketAddress> builder) {
      String host = address.host();
      int port = address.port();
      long start = System.nanoTime();
      Future<InetAddress[]> ips = isLiteral(host)
          ? literal(host)
          : dns.executeBlocking(() -> InetAddress.getAllByName(host), false);
      return ips.compose(all -> {
        long end = System.nanoTime();
        EndpointBuilder<E, SocketAddress> endpoints = builder;
        List<String> refused = new ArrayList<>();
        int allowed = 0;
        for (InetAddress ip : all) {
          AddressPolicy.Verdict verdict = policy.check(ip, port);
          if (verdict.allowed()) {
            allowed++;
            endpoints = endpoints.addServer(SocketAddress.inetSocketAddress(pinned(host, ip, port)));
          } else {
            refused.add(ip.getHostAddress() + " is " + verdict.reason());
          }
        }
        if (allowed > 0) {
          // Recorded only for lookups Vert.x keeps (and later disposes): a refused one leaves nothing.
          lookups.put(key(host, port), new Lookup(start, end));
        }
        if (allowed == 0) {
          return Future.failedFuture(new BlockedAddressException(
              host + ":" + port + " refused by the address guard: " + String.join(", ", refused)
                  + " (open it with guard.allow)"));
        }
        return Future.succeededFuture(new State<>(endpoints.build(), System.currentTimeMillis() + cacheMs,
            key(host, port)));
      });
    }

    @Override
    public E endpoint(State<E> state) {
      return state.endpoint();
    }

    @Override
    public boolean isValid(State<E> state) {
      // Expiry forces a fresh lookup and a fresh check of the answer.
      return System.currentTimeMillis() < state.expiresAtMillis();
    }

    @Override
    public void dispose(State<E> state) {
      lookups.remove(state.key());
    }

    @Override
    public void close() {
      dns.close();
    }
  }

  private static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || Ipv4Literals.isDottedDecimal(host);
  }

  private static Future<InetAddress[]> literal(String host) {
    try {
      return Future.succeededFuture(new InetAddress[] {InetAddress.getByAddress(Cidr.literal(host))});
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Future.failedFuture(new UnknownHostException(host));
    }
  }

  /** The address with its host name attached but no lookup left to do. */
  private static InetSocketAddress pinned(String host, InetAddress ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(host, ip.getAddress()), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
