package fanfetch.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;

import java.util.Map;

/**
 * The environment's say over the cluster set-up: the same jar joins a loopback cluster on a laptop,
 * a member list on VMs, or Kubernetes discovery in pods. No I/O.
 */
public final class ClusterOverrides {

  public static final String NAME = "FANFETCH_CLUSTER_NAME";
  public static final String MEMBERS = "FANFETCH_CLUSTER_MEMBERS";
  public static final String HOST = "FANFETCH_CLUSTER_HOST";
  public static final String PUBLIC_HOST = "FANFETCH_CLUSTER_PUBLIC_HOST";
  public static final String PORT = "FANFETCH_CLUSTER_PORT";
  public static final String EVENTBUS_PORT = "FANFETCH_EVENTBUS_PORT";
  public static final String KUBERNETES = "FANFETCH_CLUSTER_KUBERNETES";
  public static final String SERVICE_DNS = "FANFETCH_CLUSTER_SERVICE_DNS";

  private ClusterOverrides() {
  }

  public static Config apply(Config config, Map<String, String> env) {
    String name = value(env, NAME);
    if (name != null) {
      config.setClusterName(name);
    }
    NetworkConfig network = config.getNetworkConfig();
    String port = value(env, PORT);
    if (port != null) {
      network.setPort(number(PORT, port));
    }
    String host = value(env, HOST);
    if (host != null) {
      network.getInterfaces().setEnabled(true).clear().addInterface(host);
    }
    String publicHost = value(env, PUBLIC_HOST);
    if (publicHost != null) {
      network.setPublicAddress(publicHost);
    }
    JoinConfig join = network.getJoin();
    if ("true".equalsIgnoreCase(value(env, KUBERNETES))) {
      join.getTcpIpConfig().setEnabled(false);
      join.getMulticastConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true);
      String dns = value(env, SERVICE_DNS);
      if (dns != null) {
        join.getKubernetesConfig().setProperty("service-dns", dns);
      }
      // In a pod the interface is whatever the pod IP is.
      if (host == null) {
        network.getInterfaces().setEnabled(false);
      }
    } else {
      String members = value(env, MEMBERS);
      if (members != null) {
        join.getTcpIpConfig().setEnabled(true).clear();
        for (String member : members.split(",")) {
          if (!member.isBlank()) {
            join.getTcpIpConfig().addMember(member.trim());
          }
        }
      }
    }
    return config;
  }

  /** Where this node's event bus listens and how others reach it. */
  public static EventBusOptions eventBus(Map<String, String> env) {
    String host = value(env, HOST);
    String publicHost = value(env, PUBLIC_HOST);
    String port = value(env, EVENTBUS_PORT);
    EventBusOptions options = new EventBusOptions().setHost(host == null ? "127.0.0.1" : host)
        .setPort(port == null ? 0 : number(EVENTBUS_PORT, port));
    String advertised = publicHost != null ? publicHost : host;
    if (advertised != null) {
      options.setClusterPublicHost(advertised);
    }
    return options;
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, got '" + value + "'");
    }
  }
}
