package fanfetch.guard;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class Ipv4LiteralsTest {

  private static String dotted(Optional<byte[]> bytes) {
    return bytes.map(b -> (b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + "." + (b[3] & 255))
        .orElse("none");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.20.30.40", "1.2.3.4"})
  void plainDottedDecimalIsRecognised(String host) {
    assertThat(Ipv4Literals.isDottedDecimal(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0177.0.0.1", "127.000.0.1", "127.1", "2130706433", "0x7f.0.0.1", "256.0.0.1",
      "1.2.3.4.5", "1.2.3.", "1.2.3.4.", "1..3.4", "a.b.c.d", "1.2.3.-4", "+1.2.3.4", "1234.0.0.1", "", ".1.2.3", "00.1.2.3", "1.2.3.04", "999.1.1.1", "1.2.3.4 "})
  void anythingButFourPlainDecimalPartsIsNotDottedDecimal(String host) {
    assertThat(Ipv4Literals.isDottedDecimal(host)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1", "2130706433", "0x7f.1", "0177.0.0.1", "example.123", "1.2.3.4.",
      "0x", "0XAB", "foo.0x1f"})
  void aHostWhoseLastLabelIsANumberLooksNumeric(String host) {
    assertThat(Ipv4Literals.looksNumeric(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "123.example", "0xzz", "localhost", "a1", "1a", "", ".", "1.2.3.x"})
  void aHostWhoseLastLabelIsNotANumberDoesNotLookNumeric(String host) {
    assertThat(Ipv4Literals.looksNumeric(host)).isFalse();
  }

  @ParameterizedTest(name = "{0} means {1}")
  @CsvSource({
      "127.0.0.1,     127.0.0.1",
      "0177.0.0.1,    127.0.0.1",
      "0x7f.0.0.1,    127.0.0.1",
      "0x7F.0x0.0.01, 127.0.0.1",
      "0x7f.1,        127.0.0.1",
      "127.1,         127.0.0.1",
      "127.0.1,       127.0.0.1",
      "2130706433,    127.0.0.1",
      "0x7f000001,    127.0.0.1",
      "017700000001,  127.0.0.1",
      "10.0x10000,    10.1.0.0",
      "192.168.257,   192.168.1.1",
      "0,             0.0.0.0",
      "0x,            0.0.0.0",
      "4294967295,    255.255.255.255",
      "127.0.0.1.,    127.0.0.1"})
  void lenientParsingReadsEveryWhatwgSpellingOfAnAddress(String host, String meaning) {
    assertThat(dotted(Ipv4Literals.parseLenient(host))).isEqualTo(meaning);
  }

  @ParameterizedTest
  @ValueSource(strings = {"4294967296", "256.1", "1.256.1.1", "1.2.65536", "1.2.3.256", "1.2.3.4.5", "08.1.1.1",
      "0x1g", "1..1", "", "example.com", "1.-1.1", "-1", "1.2.3.-0", "0x-1.1", "1.+1.1"})
  void lenientParsingRefusesWhatIsNoAddressAtAll(String host) {
    assertThat(Ipv4Literals.parseLenient(host)).isEmpty();
  }
}
