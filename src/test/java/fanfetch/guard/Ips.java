package fanfetch.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Builds addresses from their bytes for classification tests: nothing is looked up and nothing
 * is connected to. {@link #v6} always gives an {@link Inet6Address}, even for the IPv4-mapped
 * form (which {@code InetAddress.getByAddress} would turn into an IPv4 address).
 */
final class Ips {

  private Ips() {
  }

  static InetAddress v4(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code "a.b.c.d"} → an IPv4 address, parsed here, never resolved. */
  static InetAddress v4(String dotted) {
    String[] p = dotted.split("\\.");
    return v4(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
  }

  /** IPv6 text ({@code ::} and a trailing dotted quad allowed) → an Inet6Address, parsed here. */
  static Inet6Address v6(String text) {
    try {
      return Inet6Address.getByAddress(null, v6Bytes(text), -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] v6Bytes(String text) {
    String s = text;
    int[] tail = new int[0];
    int lastColon = s.lastIndexOf(':');
    if (s.indexOf('.', lastColon) >= 0) {
      String[] q = s.substring(lastColon + 1).split("\\.");
      int hi = (Integer.parseInt(q[0]) << 8) | Integer.parseInt(q[1]);
      int lo = (Integer.parseInt(q[2]) << 8) | Integer.parseInt(q[3]);
      tail = new int[] {hi, lo};
      s = s.substring(0, lastColon + 1) + "0:0";
    }
    String[] halves = s.split("::", -1);
    String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
    String[] back = halves.length < 2 || halves[1].isEmpty() ? new String[0] : halves[1].split(":");
    int[] groups = new int[8];
    for (int i = 0; i < head.length; i++) {
      groups[i] = Integer.parseInt(head[i], 16);
    }
    for (int i = 0; i < back.length; i++) {
      groups[8 - back.length + i] = Integer.parseInt(back[i], 16);
    }
    if (tail.length == 2) {
      groups[6] = tail[0];
      groups[7] = tail[1];
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (groups[i] >>> 8);
      out[2 * i + 1] = (byte) groups[i];
    }
    return out;
  }
}
