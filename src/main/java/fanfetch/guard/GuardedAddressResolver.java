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
 * The address guard's two doors. {@link #vet} resolves a host and keeps only the addresses the
 * {@link AddressPolicy} allows: the fetcher calls it before each hop and then connects to one of
 * those addresses by IP, so it knows which address it tries and can fall back to the next. And as
 * the HTTP client's address resolver it checks every request again (an IP literal is checked
 * without a lookup), so nothing reaches an address the policy refuses, whatever path a request
 * took; the client then connects to exactly the vetted address (no second lookup: DNS rebinding
 * has no window). Host header, SNI and certificate checks still use the host name.
 *
 * <p>Lookups are cached for {@code cacheMs} (an expired one is resolved and checked again), and
 * concurrent fetches of one host share one lookup.
 */
public final class GuardedAddressResolver implements AddressResolver<SocketAddress> {

  private record CachedLookup(Future<InetAddress[]> answer, long expiresAtMillis) {
  }

  private final AddressPolicy policy;
  private final long cacheMs;
  private final int dnsThreads;
  private final HostLookup lookup;
  private final Map<String, CachedLookup> cache = new ConcurrentHashMap<>();
  private WorkerExecutor dns;
  private boolean closed;

  public GuardedAddressResolver(AddressPolicy policy, long cacheMs, int dnsThreads) {
    this(policy, cacheMs, dnsThreads, HostLookup.SYSTEM);
  }

  public GuardedAddressResolver(AddressPolicy policy, long cacheMs, int dnsThreads, HostLookup lookup) {
    this.policy = policy;
    this.cacheMs = cacheMs;
    this.dnsThreads = dnsThreads;
    this.lookup = lookup;
  }

  /**
   * The allowed addresses of {@code host} for {@code port}: fails with {@link UnknownHostException}
   * when the host does not resolve, {@link BlockedAddressException} when the guard refuses every
   * address it resolved to.
   */
  public Future<VettedAddresses> vet(Vertx vertx, String host, int port) {
    return addressesOf(vertx, host).compose(all -> {
      List<InetAddress> allowed = new ArrayList<>(all.length);
      List<String> refused = new ArrayList<>();
      for (InetAddress ip : all) {
        AddressPolicy.Verdict verdict = policy.check(ip, port);
        if (verdict.allowed()) {
          allowed.add(ip);
        } else {
          refused.add(ip.getHostAddress() + " is " + verdict.reason());
        }
      }
      if (allowed.isEmpty()) {
        return Future.failedFuture(new BlockedAddressException(host + ":" + port
            + " refused by the address guard: " + String.join(", ", refused) + " (open it with guard.allow)"));
      }
      return Future.succeededFuture(new VettedAddresses(host, port, allowed));
    });
  }

  /** Whether the guard allows connecting to {@code ip} on {@code port} (for connections made outside the pool). */
  public AddressPolicy.Verdict check(InetAddress ip, int port) {
    return policy.check(ip, port);
  }

  /** Stops the DNS worker threads (once; later calls do nothing). */
  public synchronized void close() {
    if (!closed && dns != null) {
      dns.close();
    }
    closed = true;
  }

  private Future<InetAddress[]> addressesOf(Vertx vertx, String host) {
    if (isLiteral(host)) {
      return literal(host);
    }
    long now = System.currentTimeMillis();
    CachedLookup cached = cache.get(host);
    if (cached != null && (now < cached.expiresAtMillis() || !cached.answer().isComplete())) {
      return cached.answer();
    }
    Future<InetAddress[]> answer = executor(vertx).executeBlocking(() -> lookup.lookup(host), false);
    CachedLookup entry = new CachedLookup(answer, now + cacheMs);
    cache.put(host, entry);
    // A failed lookup is not kept: the next fetch of the host asks again.
    answer.onFailure(failure -> cache.remove(host, entry));
    return answer;
  }

  private synchronized WorkerExecutor executor(Vertx vertx) {
    if (dns == null) {
      // JDK lookups block (and honour /etc/hosts), so they run on a small shared worker pool.
      dns = vertx.createSharedWorkerExecutor("fanfetch-dns", dnsThreads);
    }
    return dns;
  }

  @Override
  public EndpointResolver<SocketAddress, ?, ?, ?> endpointResolver(Vertx vertx) {
    return new Resolver<>(vertx);
  }

  private record State<E>(E endpoint, long expiresAtMillis) {
  }

  private final class Resolver<E> implements EndpointResolver<SocketAddress, SocketAddress, State<E>, E> {

    private final Vertx vertx;

    Resolver(Vertx vertx) {
      this.vertx = vertx;
    }

    @Override
    public SocketAddress tryCast(Address address) {
      // Every inet address is claimed, so no request reaches the client's own (unguarded) resolver.
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
      return vet(vertx, host, port).map(vetted -> {
        EndpointBuilder<E, SocketAddress> endpoints = builder;
        for (InetAddress ip : vetted.allowed()) {
          endpoints = endpoints.addServer(SocketAddress.inetSocketAddress(pinned(host, ip, port)));
        }
        return new State<>(endpoints.build(), System.currentTimeMillis() + cacheMs);
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
    }

    @Override
    public void close() {
    }
  }

  /** Whether the host is an IP literal (an IPv6 one, or dotted-decimal IPv4), needing no lookup. */
  public static boolean isLiteral(String host) {
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
