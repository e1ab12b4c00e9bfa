package fanfetch.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into its addresses. The system's (the JDK resolver, which honours
 * {@code /etc/hosts}) is the one fanfetch uses; tests hand in their own to map a {@code .test} name
 * to several loopback addresses. A lookup may block: it runs on the DNS worker threads.
 */
@FunctionalInterface
public interface HostLookup {

  HostLookup SYSTEM = InetAddress::getAllByName;

  InetAddress[] lookup(String host) throws UnknownHostException;
}
