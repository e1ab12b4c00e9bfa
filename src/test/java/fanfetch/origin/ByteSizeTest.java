package fanfetch.origin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizeTest {

  @ParameterizedTest
  @CsvSource({"0, 0", "10, 10", "1k, 1024", "1K, 1024", "64k, 65536", "1m, 1048576", "256M, 268435456",
      "1g, 1073741824", "1024g, 1099511627776", " 7 , 7"})
  void numbersAndBinarySuffixesAreRead(String text, long bytes) {
    assertThat(ByteSize.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "k", "-1", "1.5m", "1t", "ten", "1kb", "99999999999999"})
  void anythingElseIsRefusedWithTheFormsThatWork(String text) {
    assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a size").hasMessageContaining("1k, 1m, 1g");
  }

  @Test
  void moreThanOneTebibyteIsRefused() {
    assertThatThrownBy(() -> ByteSize.parse("1025g")).hasMessage("size 1025g is larger than 1 TiB");
    assertThat(ByteSize.parse("1099511627776")).isEqualTo(ByteSize.MAX);
    assertThatThrownBy(() -> ByteSize.parse("1099511627777")).hasMessageContaining("larger than 1 TiB");
  }
}
