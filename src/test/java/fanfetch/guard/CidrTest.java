package fanfetch.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

  @Test
  void anIpv4RangeContainsItsFirstAndLastAddress() {
    Cidr range = Cidr.parse("10.0.0.0/8");

    assertThat(range.contains(Ips.v4(10, 0, 0, 0))).isTrue();
    assertThat(range.contains(Ips.v4(10, 255, 255, 255))).isTrue();
  }

  @Test
  void anIpv4RangeDoesNotContainTheNeighbours() {
    Cidr range = Cidr.parse("172.16.0.0/12");

    assertThat(range.contains(Ips.v4(172, 15, 255, 255))).isFalse();
    assertThat(range.contains(Ips.v4(172, 32, 0, 0))).isFalse();
  }

  @Test
  void aBareAddressIsASingleHostRange() {
    Cidr single = Cidr.parse("192.168.1.7");

    assertThat(single.prefix()).isEqualTo(32);
    assertThat(single.contains(Ips.v4(192, 168, 1, 7))).isTrue();
    assertThat(single.contains(Ips.v4(192, 168, 1, 8))).isFalse();
  }

  @Test
  void hostBitsInTheNetworkPartAreMaskedAway() {
    assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
  }

  @Test
  void aPrefixThatIsNotAByteBoundaryMasksPartOfAByte() {
    Cidr cgnat = Cidr.parse("100.64.0.0/10");

    assertThat(cgnat.contains(Ips.v4(100, 127, 255, 255))).isTrue();
    assertThat(cgnat.contains(Ips.v4(100, 128, 0, 0))).isFalse();
  }

  @Test
  void slashZeroContainsEveryAddressOfItsFamily() {
    assertThat(Cidr.parse("0.0.0.0/0").contains(Ips.v4(8, 8, 8, 8))).isTrue();
    assertThat(Cidr.parse("::/0").contains(Ips.v6("2606:4700::1111"))).isTrue();
  }

  @Test
  void anIpv6RangeContainsAddressesUnderItsPrefix() {
    Cidr ula = Cidr.parse("fc00::/7");

    assertThat(ula.contains(Ips.v6("fd12:3456::1"))).isTrue();
    assertThat(ula.contains(Ips.v6("fe80::1"))).isFalse();
  }

  @Test
  void anIpv4RangeNeverContainsAnIpv6AddressAndViceVersa() {
    assertThat(Cidr.parse("0.0.0.0/0").contains(Ips.v6("::1"))).isFalse();
    assertThat(Cidr.parse("::/0").contains(Ips.v4(127, 0, 0, 1))).isFalse();
  }

  @Test
  void anIpv4MappedRangeIsKeptAsSixteenBytes() {
    Cidr mapped = Cidr.parse("::ffff:0:0/96");

    assertThat(mapped.network()).hasSize(16);
    assertThat(mapped.contains(Ips.v6("::ffff:10.0.0.1"))).isTrue();
  }

  @Test
  void aBracketedIpv6LiteralIsAccepted() {
    assertThat(Cidr.parse("[::1]/128")).isEqualTo(Cidr.parse("::1/128"));
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertThat(Cidr.parse("  10.0.0.0/8 ")).isEqualTo(Cidr.parse("10.0.0.0/8"));
  }

  @Test
  void toStringShowsTheNetworkAndPrefix() {
    assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/8", "192.168.1.7/32", "fc00::/7", "::1/128", "::ffff:10.0.0.0/104", "::/0"})
  void toStringCanBeParsedBackToTheSameRange(String text) {
    Cidr range = Cidr.parse(text);

    assertThat(Cidr.parse(range.toString())).isEqualTo(range);
  }

  @Test
  void equalRangesHaveEqualHashCodes() {
    assertThat(Cidr.parse("fd00::/8").hashCode()).isEqualTo(Cidr.parse("fd00:1::/8").hashCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "example.com", "127.1", "0177.0.0.1", "2130706433", "0x7f.0.0.1",
      "fe80::1%eth0", "", "/8", "1.2.3.4.5"})
  void somethingThatIsNotAnIpLiteralIsRefusedWithoutALookup(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an IP address");
  }

  @Test
  void aPrefixLongerThanTheAddressIsRefused() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefix length must be 0..32 in '10.0.0.0/33'");
  }

  @Test
  void anIpv6PrefixMayBeUpTo128() {
    assertThatThrownBy(() -> Cidr.parse("::/129"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefix length must be 0..128 in '::/129'");
  }

  @Test
  void aNonNumericPrefixIsRefused() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/eight"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad prefix length in '10.0.0.0/eight'");
  }

  @Test
  void aNegativePrefixIsRefused() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix length must be 0..32");
  }
}
