package fanfetch.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classification only: every address is built from its bytes and nothing is ever connected to.
 * The "public" examples are ordinary internet addresses, used here as numbers.
 */
class AddressPolicyTest {

  private static final AddressPolicy DEFAULT = new AddressPolicy(List.of());

  private static AddressPolicy allowing(String... rules) {
    return new AddressPolicy(java.util.Arrays.stream(rules).map(AllowRule::parse).toList());
  }

  // --- IPv4 ---------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "127.0.0.1,       loopback",
      "127.255.255.254, loopback",
      "10.0.0.1,        private",
      "10.255.255.255,  private",
      "172.16.0.1,      private",
      "172.31.255.255,  private",
      "192.168.0.1,     private",
      "192.168.255.255, private",
      "169.254.169.254, link-local (cloud metadata)",
      "169.254.0.1,     link-local (cloud metadata)",
      "100.64.0.1,      carrier-grade NAT",
      "100.127.255.255, carrier-grade NAT",
      "0.0.0.0,         unspecified / this network",
      "0.1.2.3,         unspecified / this network",
      "224.0.0.1,       multicast",
      "239.255.255.250, multicast",
      "240.0.0.1,       reserved",
      "255.255.255.255, reserved",
      "192.0.0.8,       IETF protocol assignments",
      "192.0.2.1,       documentation",
      "198.51.100.7,    documentation",
      "203.0.113.9,     documentation",
      "192.88.99.1,     6to4 relay anycast",
      "198.18.0.1,      benchmarking",
      "198.19.255.255,  benchmarking"})
  void anIpv4AddressInADeniedRangeIsBlockedWithItsReason(String address, String reason) {
    AddressPolicy.Verdict verdict = DEFAULT.check(Ips.v4(address), 80);

    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo(reason);
  }

  @ParameterizedTest
  @CsvSource({"8.8.8.8", "1.1.1.1", "93.184.215.14", "172.15.255.255", "172.32.0.0", "100.63.255.255",
      "100.128.0.0", "169.253.255.255", "11.0.0.0", "223.255.255.255", "198.20.0.0"})
  void aPublicIpv4AddressIsAllowed(String address) {
    AddressPolicy.Verdict verdict = DEFAULT.check(Ips.v4(address), 443);

    assertThat(verdict.allowed()).isTrue();
    assertThat(verdict.reason()).isNull();
  }

  // --- IPv6 ---------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "::1,                 loopback",
      "::,                  unspecified",
      "fe80::1,             link-local",
      "febf:ffff::1,        link-local",
      "fc00::1,             unique-local",
      "fd12:3456:789a::1,   unique-local",
      "ff02::1,             multicast",
      "ff0e::101,           multicast",
      "fec0::1,             site-local",
      "2001:db8::1,         documentation",
      "100::1,              discard-only",
      "64:ff9b:1::a00:1,    local-use NAT64",
      "2001:10::1,          ORCHID"})
  void anIpv6AddressInADeniedRangeIsBlockedWithItsReason(String address, String reason) {
    AddressPolicy.Verdict verdict = DEFAULT.check(Ips.v6(address), 80);

    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo(reason);
  }

  @ParameterizedTest
  @CsvSource({"2606:4700:4700::1111", "2a00:1450:4001:82b::200e", "2001:4860:4860::8888"})
  void aPublicIpv6AddressIsAllowed(String address) {
    assertThat(DEFAULT.check(Ips.v6(address), 443).allowed()).isTrue();
  }

  // --- IPv6 forms that carry an IPv4 address ---------------------------------------------------

  @Test
  void theIpv4MappedFormOfLoopbackIsBlockedAsLoopback() {
    AddressPolicy.Verdict verdict = DEFAULT.check(Ips.v6("::ffff:127.0.0.1"), 80);

    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo("loopback (127.0.0.1 inside an IPv6 address)");
  }

  @Test
  void theIpv4MappedFormOfAPrivateAddressIsBlockedAsPrivate() {
    AddressPolicy.Verdict verdict = DEFAULT.check(Ips.v6("::ffff:10.0.0.1"), 80);

    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo("private (10.0.0.1 inside an IPv6 address)");
  }

  @Test
  void theIpv4MappedFormAsJavaNormallyHandsItOutIsBlockedToo() throws Exception {
    // InetAddress.getByAddress turns the 16 mapped bytes into a plain IPv4 address.
    InetAddress mapped = InetAddress.getByAddress(Ips.v6Bytes("::ffff:127.0.0.1"));

    assertThat(DEFAULT.check(mapped, 80).reason()).isEqualTo("loopback");
  }

  @Test
  void theIpv4MappedFormOfAPublicAddressIsAllowed() {
    assertThat(DEFAULT.check(Ips.v6("::ffff:8.8.8.8"), 80).allowed()).isTrue();
  }

  @Test
  void aNat64AddressCarryingLoopbackIsBlocked() {
    AddressPolicy.Verdict verdict = DEFAULT.check(Ips.v6("64:ff9b::7f00:1"), 80);

    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo("loopback (127.0.0.1 inside an IPv6 address)");
  }

  @Test
  void aNat64AddressCarryingAPublicAddressIsAllowed() {
    assertThat(DEFAULT.check(Ips.v6("64:ff9b::808:808"), 80).allowed()).isTrue();
  }

  @Test
  void a6to4AddressCarryingLoopbackIsBlocked() {
    AddressPolicy.Verdict verdict = DEFAULT.check(Ips.v6("2002:7f00:1::"), 80);

    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo("loopback (127.0.0.1 inside an IPv6 address)");
  }

  @Test
  void a6to4AddressCarryingTheMetadataAddressIsBlocked() {
    AddressPolicy.Verdict verdict = DEFAULT.check(Ips.v6("2002:a9fe:a9fe::1"), 80);

    assertThat(verdict.reason()).isEqualTo("link-local (cloud metadata) (169.254.169.254 inside an IPv6 address)");
  }

  @Test
  void a6to4AddressCarryingAPublicAddressIsAllowed() {
    assertThat(DEFAULT.check(Ips.v6("2002:808:808::1"), 80).allowed()).isTrue();
  }

  @Test
  void aTeredoAddressWhoseClientIsPrivateIsBlocked() {
    // Teredo stores the client address inverted: ~10.0.0.1 = f5ff:fffe
    AddressPolicy.Verdict verdict = DEFAULT.check(Ips.v6("2001:0:4136:e378:8000:63bf:f5ff:fffe"), 80);

    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo("private (10.0.0.1 inside an IPv6 address)");
  }

  @Test
  void aTeredoAddressWhoseClientIsPublicIsAllowed() {
    // ~8.8.8.8 = f7f7:f7f7
    assertThat(DEFAULT.check(Ips.v6("2001:0:4136:e378:8000:63bf:f7f7:f7f7"), 80).allowed()).isTrue();
  }

  @Test
  void anIpv4CompatibleAddressCarryingLoopbackIsBlocked() {
    assertThat(DEFAULT.check(Ips.v6("::7f00:1"), 80).reason())
        .isEqualTo("loopback (127.0.0.1 inside an IPv6 address)");
  }

  @Test
  void anIpv4CompatibleAddressCarryingAPublicAddressIsBlockedAsDeprecated() {
    AddressPolicy.Verdict verdict = DEFAULT.check(Ips.v6("::808:808"), 80);

    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo("deprecated IPv4-compatible IPv6");
  }

  @Test
  void embeddedIpv4ReadsEachForm() {
    assertThat(AddressPolicy.embeddedIpv4(Ips.v6("::ffff:1.2.3.4"))).contains(Ips.v4(1, 2, 3, 4));
    assertThat(AddressPolicy.embeddedIpv4(Ips.v6("64:ff9b::102:304"))).contains(Ips.v4(1, 2, 3, 4));
    assertThat(AddressPolicy.embeddedIpv4(Ips.v6("2002:102:304::"))).contains(Ips.v4(1, 2, 3, 4));
    assertThat(AddressPolicy.embeddedIpv4(Ips.v6("2001:0:1:1:0:0:fefd:fcfb"))).contains(Ips.v4(1, 2, 3, 4));
  }

  @Test
  void anOrdinaryIpv6AddressCarriesNoIpv4Address() {
    assertThat(AddressPolicy.embeddedIpv4(Ips.v6("2606:4700:4700::1111"))).isEmpty();
    assertThat(AddressPolicy.embeddedIpv4(Ips.v4(1, 2, 3, 4))).isEmpty();
  }

  // --- allow rules ----------------------------------------------------------------------------

  @Test
  void anAllowRuleOpensADeniedAddress() {
    assertThat(allowing("127.0.0.1").check(Ips.v4(127, 0, 0, 1), 8080).allowed()).isTrue();
  }

  @Test
  void anAllowRuleWithAPortOpensOnlyThatPort() {
    AddressPolicy policy = allowing("127.0.0.1:18080");

    assertThat(policy.check(Ips.v4(127, 0, 0, 1), 18080).allowed()).isTrue();
    assertThat(policy.check(Ips.v4(127, 0, 0, 1), 22).allowed()).isFalse();
    assertThat(policy.check(Ips.v4(127, 0, 0, 1), 22).reason()).isEqualTo("loopback");
  }

  @Test
  void anAllowRuleOpensOnlyItsOwnRange() {
    AddressPolicy policy = allowing("10.1.0.0/16");

    assertThat(policy.check(Ips.v4(10, 1, 2, 3), 80).allowed()).isTrue();
    assertThat(policy.check(Ips.v4(10, 2, 0, 1), 80).allowed()).isFalse();
  }

  @Test
  void anIpv4RuleAlsoOpensTheMappedIpv6FormOfItsAddresses() {
    AddressPolicy policy = allowing("127.0.0.1:18080");

    assertThat(policy.check(Ips.v6("::ffff:127.0.0.1"), 18080).allowed()).isTrue();
    assertThat(policy.check(Ips.v6("::ffff:127.0.0.1"), 18081).allowed()).isFalse();
  }

  @Test
  void anIpv4RuleAlsoOpensTheNat64FormOfItsAddresses() {
    assertThat(allowing("10.0.0.0/8").check(Ips.v6("64:ff9b::a00:1"), 80).allowed()).isTrue();
  }

  @Test
  void anIpv4RuleDoesNotOpenOtherEmbeddedAddresses() {
    assertThat(allowing("10.0.0.0/8").check(Ips.v6("::ffff:127.0.0.1"), 80).allowed()).isFalse();
  }

  @Test
  void anIpv6RuleWithAPortOpensIpv6LoopbackOnThatPort() {
    AddressPolicy policy = allowing("[::1]:8080");

    assertThat(policy.check(Ips.v6("::1"), 8080).allowed()).isTrue();
    assertThat(policy.check(Ips.v6("::1"), 8081).allowed()).isFalse();
  }

  @Test
  void anIpv6RangeRuleOpensUniqueLocalAddresses() {
    assertThat(allowing("fd00::/8").check(Ips.v6("fd12::1"), 443).allowed()).isTrue();
    assertThat(allowing("fd00::/8").check(Ips.v6("fc12::1"), 443).allowed()).isFalse();
  }

  @Test
  void anIpv6LoopbackRuleDoesNotOpenIpv4Loopback() {
    assertThat(allowing("::1").check(Ips.v4(127, 0, 0, 1), 80).allowed()).isFalse();
  }

  @Test
  void deniedReasonIsNullForAPublicAddress() {
    assertThat(AddressPolicy.deniedReason(Ips.v4(8, 8, 4, 4))).isNull();
  }

  @org.junit.jupiter.api.Test
  void theIpv4TranslatedFormOfLoopbackIsDenied() throws Exception {
    byte[] translated = new byte[16];
    translated[8] = (byte) 0xff;
    translated[9] = (byte) 0xff;
    translated[12] = 127;
    translated[15] = 1;
    java.net.InetAddress address = java.net.Inet6Address.getByAddress(null, translated, -1);

    org.assertj.core.api.Assertions.assertThat(AddressPolicy.deniedReason(address)).contains("loopback");
  }
}
