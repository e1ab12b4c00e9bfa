package fanfetch.fetcher;

import fanfetch.guard.GuardedAddressResolver;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;

/**
 * What every fetch of one fetcher shares: its client (one pool for all HTTP versions: Vert.x keys
 * pools by version, address and authority), the address guard, and what the fetcher knows of
 * connections and origins. Used on the fetcher's event loop only.
 */
record FetcherParts(Vertx vertx, HttpClientAgent client, GuardedAddressResolver resolver,
                    ConnectionRegistry connections, AddressOrder addresses, AlpnMemory alpn, ReuseMemory reuse,
                    String node) {
}
