package fanfetch.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static fanfetch.app.ClusterOverrides.EVENTBUS_PORT;
import static fanfetch.app.ClusterOverrides.HOST;
import static fanfetch.app.ClusterOverrides.KUBERNETES;
import static fanfetch.app.ClusterOverrides.MEMBERS;
import static fanfetch.app.ClusterOverrides.NAME;
import static fanfetch.app.ClusterOverrides.PORT;
import static fanfetch.app.ClusterOverrides.PUBLIC_HOST;
import static fanfetch.app.ClusterOverrides.SERVICE_DNS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The environment's say over the Hazelcast and event-bus set-up (no cluster is started). */
class ClusterOverridesTest {

  /** conf/cluster.xml (the one shipped), adjusted by env. */
  private static Config shipped(Map<String, String> env) throws IOException {
    return ClusterSetup.hazelcastConfig(null, env);
  }

  @Test
  void withoutVariablesTheShippedConfigurationIsALoopbackClusterOfMemberLists() throws IOException {
    Config config = shipped(Map.of());

    NetworkConfig network = config.getNetworkConfig();
    assertThat(config.getClusterName()).isEqualTo("fanfetch");
    assertThat(network.getPort()).isEqualTo(5701);
    assertThat(network.isPortAutoIncrement()).isTrue();
    // a member given without a port is tried on every port a node may have taken
    assertThat(config.getProperty("hazelcast.tcp.join.port.try.count")).isEqualTo(String.valueOf(network.getPortCount()));
    assertThat(network.getInterfaces().isEnabled()).isTrue();
    assertThat(network.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(network.getPublicAddress()).isNull();
    JoinConfig join = network.getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(config.getMultiMapConfig("__vertx.subs").getBackupCount()).isEqualTo(1);
  }

  @Test
  void theJobStoresMapsGetTheConfiguredBackups() throws IOException {
    Config config = ClusterSetup.withJobStore(shipped(Map.of()), 2);

    for (String map : List.of(fanfetch.store.GridJobStore.RECORDS, fanfetch.store.GridJobStore.URLS,
        fanfetch.store.GridJobStore.RESULTS)) {
      assertThat(config.getMapConfig(map).getBackupCount()).as(map).isEqualTo(2);
    }
    assertThat(config.getMapConfig(fanfetch.store.GridJobStore.RESULTS).getInMemoryFormat())
        .isEqualTo(com.hazelcast.config.InMemoryFormat.OBJECT);
  }

  @Test
  void nameAndPortBaseAreSet() throws IOException {
    Config config = shipped(Map.of(NAME, "fanfetch-blue", PORT, "5801"));

    assertThat(config.getClusterName()).isEqualTo("fanfetch-blue");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
  }

  @Test
  void theMemberListReplacesTheConfiguredOneSkippingBlanks() throws IOException {
    Config config = shipped(Map.of(MEMBERS, " 10.0.0.1:5701, 10.0.0.2 ,, node-3.example"));

    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("10.0.0.1:5701", "10.0.0.2", "node-3.example");
  }

  @Test
  void theMemberListTurnsTcpIpJoinOnInAnEmptyConfiguration() {
    Config config = ClusterOverrides.apply(new Config(), Map.of(MEMBERS, "10.0.0.1"));

    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.0.0.1");
  }

  @Test
  void theHostBindsHazelcastToThatInterfaceOnly() throws IOException {
    Config config = shipped(Map.of(HOST, "10.1.2.3"));

    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.1.2.3");
    assertThat(config.getNetworkConfig().getPublicAddress()).isNull();
  }

  @Test
  void thePublicHostIsTheAddressAdvertisedToOtherMembers() throws IOException {
    Config config = shipped(Map.of(HOST, "10.1.2.3", PUBLIC_HOST, "203.0.113.7"));

    assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("203.0.113.7");
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.1.2.3");
  }

  @Test
  void theKubernetesSwitchReplacesTcpIpJoinAndFreesTheInterface() throws IOException {
    Config config = shipped(Map.of(KUBERNETES, "TRUE", SERVICE_DNS, "fanfetch-hz.ns.svc.cluster.local",
        MEMBERS, "10.0.0.1"));

    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("fanfetch-hz.ns.svc.cluster.local");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    // In a pod, the interface is the pod's: the loopback of cluster.xml would isolate the member.
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
  }

  @Test
  void kubernetesWithAHostKeepsThatInterface() throws IOException {
    Config config = shipped(Map.of(KUBERNETES, "true", HOST, "10.4.0.9"));

    assertThat(config.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-dns")).isNull();
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.4.0.9");
  }

  @Test
  void kubernetesOtherThanTrueLeavesTcpIpJoin() throws IOException {
    Config config = shipped(Map.of(KUBERNETES, "yes"));

    assertThat(config.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
  }

  @Test
  void blankValuesChangeNothing() throws IOException {
    Config config = shipped(Map.of(NAME, " ", PORT, "", HOST, "  ", MEMBERS, ""));

    assertThat(config.getClusterName()).isEqualTo("fanfetch");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
  }

  @Test
  void aPortThatIsNotANumberIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> shipped(Map.of(PORT, "57o1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PORT).hasMessageContaining("57o1");
    assertThatThrownBy(() -> ClusterOverrides.eventBus(Map.of(EVENTBUS_PORT, "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(EVENTBUS_PORT);
  }

  @Test
  void aNamedConfigurationFileMustExist() {
    assertThatThrownBy(() -> ClusterSetup.hazelcastConfig("no/such/cluster.xml", Map.of()))
        .isInstanceOf(IOException.class).hasMessageContaining("no/such/cluster.xml");
  }

  @Test
  void theEventBusListensOnLoopbackOnAnyFreePortByDefault() {
    EventBusOptions options = ClusterOverrides.eventBus(Map.of());

    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(options.getPort()).isZero();
    assertThat(options.getClusterPublicHost()).isNull();
  }

  @Test
  void theEventBusListensOnTheHostAndAdvertisesIt() {
    EventBusOptions options = ClusterOverrides.eventBus(Map.of(HOST, "10.1.2.3", EVENTBUS_PORT, "17001"));

    assertThat(options.getHost()).isEqualTo("10.1.2.3");
    assertThat(options.getPort()).isEqualTo(17001);
    assertThat(options.getClusterPublicHost()).isEqualTo("10.1.2.3");
  }

  @Test
  void theEventBusAdvertisesThePublicHostWhenThereIsOne() {
    EventBusOptions options = ClusterOverrides.eventBus(Map.of(HOST, "0.0.0.0", PUBLIC_HOST, "203.0.113.7"));

    assertThat(options.getHost()).isEqualTo("0.0.0.0");
    assertThat(options.getClusterPublicHost()).isEqualTo("203.0.113.7");
    assertThat(ClusterOverrides.eventBus(Map.of(PUBLIC_HOST, "203.0.113.7")).getHost()).isEqualTo("127.0.0.1");
  }
}
