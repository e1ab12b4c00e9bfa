package fanfetch.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class HostSpellingTest {

  private static String canonical(String host) {
    try {
      return HostSpelling.canonical(host);
    } catch (TargetUrl.InvalidUrlException e) {
      throw new AssertionError("expected '" + host + "' to be accepted, got: " + e.getMessage());
    }
  }

  private static String refusal(String host) {
    try {
      String accepted = HostSpelling.canonical(host);
      throw new AssertionError("expected '" + host + "' to be refused, got " + accepted);
    } catch (TargetUrl.InvalidUrlException e) {
      assertThat(e.unsupportedScheme()).isFalse();
      return e.getMessage();
    }
  }

  private static String canonicalIpv6(String literal) throws Exception {
    return HostSpelling.canonicalIpv6(InetAddress.getByName(literal).getAddress());
  }

  // --- names ----------------------------------------------------------------------------------

  @Test
  void aNameIsLowerCased() {
    assertThat(canonical("EXAMPLE.Test")).isEqualTo("example.test");
  }

  @Test
  void anInternationalisedNameIsSpelledInPunycode() {
    assertThat(canonical("bücher.example")).isEqualTo("xn--bcher-kva.example");
  }

  @ParameterizedTest
  @ValueSource(strings = {"my_service.internal", "localhost", "a-b.example.test", "123.example"})
  void anOrdinaryNameIsKeptAsWritten(String host) {
    assertThat(canonical(host)).isEqualTo(host);
  }

  @Test
  void aNameWithCharactersOutsideAHostNameIsRefusedByName() {
    assertThat(refusal("%31%32%37.0.0.1")).isEqualTo("bad host name '%31%32%37.0.0.1'");
  }

  @Test
  void aNameThatIsNoValidIdnIsRefusedAsWritten() {
    String tooLongLabel = "a".repeat(64) + ".test";

    assertThat(refusal(tooLongLabel)).isEqualTo("bad host name '" + tooLongLabel + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.b", "A-Z_0-9", "x"})
  void lettersDigitsDotsUnderscoresAndHyphensMakeAHostName(String host) {
    assertThat(HostSpelling.isHostName(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a:b", "user@host", "a%2e", "bücher", "a/b"})
  void anythingElseIsNoHostName(String host) {
    assertThat(HostSpelling.isHostName(host)).isFalse();
  }

  // --- IPv4 -----------------------------------------------------------------------------------

  @Test
  void aDottedDecimalAddressIsKept() {
    assertThat(canonical("127.0.0.1")).isEqualTo("127.0.0.1");
  }

  @Test
  void anAmbiguousIpv4SpellingIsRefusedSayingWhatItWouldMean() {
    assertThat(refusal("0x7f.1"))
        .isEqualTo("ambiguous IPv4 host '0x7f.1' (read elsewhere as 127.0.0.1); write addresses in dotted decimal");
  }

  @Test
  void aNumericHostThatIsNoAddressIsRefusedWithoutAMeaning() {
    assertThat(refusal("256.1.1.1"))
        .isEqualTo("ambiguous IPv4 host '256.1.1.1'; write addresses in dotted decimal");
  }

  // --- IPv6 -----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"[::1]", "[0:0::1]", "[::0001]", "[0000:0000:0000:0000:0000:0000:0000:0001]"})
  void everySpellingOfAnIpv6AddressHasOneSpellingWithoutBrackets(String host) {
    assertThat(canonical(host)).isEqualTo("::1");
  }

  @Test
  void anIpv6LiteralIsLowerCased() {
    assertThat(canonical("[2001:DB8::1]")).isEqualTo("2001:db8::1");
  }

  @Test
  void anIpv6ZoneIdIsRefused() {
    assertThat(refusal("[fe80::1%eth0]")).isEqualTo("IPv6 zone ids are not supported in '[fe80::1%eth0]'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[zz]", "[1:2:3]", "[::1::2]"})
  void aBracketedTextThatIsNoIpv6AddressIsRefused(String host) {
    assertThat(refusal(host)).isEqualTo("bad IPv6 address '" + host + "'");
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
      "::,                     ::",
      "::1,                    ::1",
      "fe80::,                 fe80::",
      "1:2:3:4:5:6:7:8,        1:2:3:4:5:6:7:8",
      "0001:0db8::00ff,        1:db8::ff",
      "1:0:2:3:4:5:6:7,        1:0:2:3:4:5:6:7",
      "1:0:0:2:0:0:0:3,        1:0:0:2::3",
      "1:0:0:2:0:0:3:4,        1::2:0:0:3:4",
      "2001:DB8:0:0:1:0:0:1,   2001:db8::1:0:0:1"})
  void ipv6IsWrittenAsRfc5952Says(String literal, String canonical) throws Exception {
    // The longest zero run becomes "::" (the first of equal runs), a single zero group never does.
    assertThat(canonicalIpv6(literal)).isEqualTo(canonical);
  }
}
