package fanfetch.fetcher;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BodyMeterTest {

  private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String SHA256_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void countsTheBytesOfEveryChunk() {
    BodyMeter meter = new BodyMeter(1_000, false);

    meter.accept(bytes("hello "));
    meter.accept(bytes("world"));

    assertThat(meter.bytes()).isEqualTo(11);
  }

  @Test
  void hashesTheBodyWithSha256() {
    BodyMeter meter = new BodyMeter(1_000, true);

    meter.accept(bytes("abc"));

    assertThat(meter.sha256Hex()).isEqualTo(SHA256_ABC);
  }

  @Test
  void theHashDoesNotDependOnHowTheBodyIsChunked() {
    BodyMeter meter = new BodyMeter(1_000, true);

    meter.accept(bytes("a"));
    meter.accept(bytes(""));
    meter.accept(bytes("bc"));

    assertThat(meter.sha256Hex()).isEqualTo(SHA256_ABC);
  }

  @Test
  void anEmptyBodyHasTheHashOfNothing() {
    assertThat(new BodyMeter(0, true).sha256Hex()).isEqualTo(SHA256_EMPTY);
  }

  @Test
  void onlyTheRemainingBytesOfAChunkCount() {
    ByteBuffer chunk = bytes("xxabc");
    chunk.position(2);
    BodyMeter meter = new BodyMeter(1_000, true);

    meter.accept(chunk);

    assertThat(meter.bytes()).isEqualTo(3);
    assertThat(meter.sha256Hex()).isEqualTo(SHA256_ABC);
  }

  @Test
  void withoutDigestThereIsNoHash() {
    BodyMeter meter = new BodyMeter(1_000, false);
    meter.accept(bytes("abc"));

    assertThat(meter.sha256Hex()).isNull();
  }

  @Test
  void aBodyOfExactlyMaxBytesIsAccepted() {
    BodyMeter meter = new BodyMeter(3, true);

    assertThat(meter.accept(bytes("abc"))).isTrue();
    assertThat(meter.sha256Hex()).isEqualTo(SHA256_ABC);
  }

  @Test
  void theChunkThatGoesPastMaxBytesIsRefused() {
    BodyMeter meter = new BodyMeter(4, true);

    assertThat(meter.accept(bytes("abc"))).isTrue();
    assertThat(meter.accept(bytes("de"))).isFalse();
  }

  @Test
  void aRefusedChunkIsCountedButNotHashed() {
    BodyMeter meter = new BodyMeter(4, true);
    meter.accept(bytes("abc"));

    meter.accept(bytes("de"));

    assertThat(meter.bytes()).isEqualTo(5);
    assertThat(meter.sha256Hex()).isEqualTo(SHA256_ABC);
  }

  @Test
  void maxBytesZeroRefusesTheFirstNonEmptyChunk() {
    BodyMeter meter = new BodyMeter(0, false);

    assertThat(meter.accept(bytes(""))).isTrue();
    assertThat(meter.accept(bytes("x"))).isFalse();
  }
}
