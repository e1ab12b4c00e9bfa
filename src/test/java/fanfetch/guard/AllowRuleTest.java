package fanfetch.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowRuleTest {

  @Test
  void aRangeWithoutAPortMatchesEveryPort() {
    AllowRule rule = AllowRule.parse("10.0.0.0/8");

    assertThat(rule.port()).isEqualTo(AllowRule.ANY_PORT);
    assertThat(rule.matches(Ips.v4(10, 1, 2, 3), 80)).isTrue();
    assertThat(rule.matches(Ips.v4(10, 1, 2, 3), 65535)).isTrue();
  }

  @Test
  void anAddressWithAPortMatchesOnlyThatPort() {
    AllowRule rule = AllowRule.parse("127.0.0.1:18080");

    assertThat(rule.matches(Ips.v4(127, 0, 0, 1), 18080)).isTrue();
    assertThat(rule.matches(Ips.v4(127, 0, 0, 1), 18081)).isFalse();
  }

  @Test
  void aRangeWithAPortMatchesThatPortAcrossTheRange() {
    AllowRule rule = AllowRule.parse("127.0.0.0/8:8080");

    assertThat(rule.range()).isEqualTo(Cidr.parse("127.0.0.0/8"));
    assertThat(rule.matches(Ips.v4(127, 9, 9, 9), 8080)).isTrue();
    assertThat(rule.matches(Ips.v4(127, 9, 9, 9), 8081)).isFalse();
  }

  @Test
  void anAddressOutsideTheRangeDoesNotMatchEvenOnTheRightPort() {
    assertThat(AllowRule.parse("127.0.0.1:8080").matches(Ips.v4(127, 0, 0, 2), 8080)).isFalse();
  }

  @Test
  void aBareIpv6RangeHasNoPortDespiteItsColons() {
    AllowRule rule = AllowRule.parse("fd00::/8");

    assertThat(rule.port()).isEqualTo(AllowRule.ANY_PORT);
    assertThat(rule.matches(Ips.v6("fd12::1"), 443)).isTrue();
  }

  @Test
  void aBracketedIpv6AddressMayCarryAPort() {
    AllowRule rule = AllowRule.parse("[::1]:8080");

    assertThat(rule.range()).isEqualTo(Cidr.parse("::1/128"));
    assertThat(rule.matches(Ips.v6("::1"), 8080)).isTrue();
    assertThat(rule.matches(Ips.v6("::1"), 8081)).isFalse();
  }

  @Test
  void aBracketedIpv6RangeMayCarryAPrefixAndAPort() {
    AllowRule rule = AllowRule.parse("[fd00::]/8:9000");

    assertThat(rule.range()).isEqualTo(Cidr.parse("fd00::/8"));
    assertThat(rule.port()).isEqualTo(9000);
  }

  @Test
  void aBracketedIpv6AddressWithoutAPortMatchesEveryPort() {
    AllowRule rule = AllowRule.parse("[::1]");

    assertThat(rule.port()).isEqualTo(AllowRule.ANY_PORT);
    assertThat(rule.range()).isEqualTo(Cidr.parse("::1"));
  }

  @Test
  void aBracketedRangeWithAPrefixButNoPortMatchesEveryPort() {
    AllowRule rule = AllowRule.parse("[::1]/128");

    assertThat(rule.port()).isEqualTo(AllowRule.ANY_PORT);
    assertThat(rule.range()).isEqualTo(Cidr.parse("::1/128"));
  }

  @Test
  void toStringShowsRangeAndPort() {
    assertThat(AllowRule.parse("127.0.0.1:18080")).hasToString("127.0.0.1/32:18080");
    assertThat(AllowRule.parse("10.0.0.0/8")).hasToString("10.0.0.0/8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:http", "127.0.0.1:", "[::1]:", "[::1]:-1"})
  void aPortOutsideOneTo65535IsRefused(String text) {
    assertThatThrownBy(() -> AllowRule.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad port");
  }

  @Test
  void anUnclosedBracketIsRefused() {
    assertThatThrownBy(() -> AllowRule.parse("[::1:8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unclosed '[' in '[::1:8080'");
  }

  @Test
  void textAfterTheBracketThatIsNeitherPrefixNorPortIsRefused() {
    assertThatThrownBy(() -> AllowRule.parse("[::1]8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unexpected '8080' in '[::1]8080'");
  }

  @Test
  void anEmptyRuleIsRefused() {
    assertThatThrownBy(() -> AllowRule.parse("   "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty rule");
  }

  @Test
  void aHostNameIsRefused() {
    assertThatThrownBy(() -> AllowRule.parse("localhost:8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an IP address");
  }
}
