package fanfetch.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class JobIdsTest {

  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  /** A Random that hands out a fixed byte pattern, so the random half of an id is known. */
  private static Random fixedBytes(int value) {
    return new Random() {
      @Override
      public void nextBytes(byte[] bytes) {
        java.util.Arrays.fill(bytes, (byte) value);
      }
    };
  }

  @Test
  void anIdIs26CrockfordBase32Characters() {
    String id = JobIds.next();

    assertThat(id).hasSize(26);
    assertThat(id.chars()).allMatch(c -> CROCKFORD.indexOf(c) >= 0);
  }

  @Test
  void theFirstTenCharactersEncodeTheMillisecondTimestampLikeUlid() {
    // The timestamp from the ULID specification's example: 1469918176385 → 01ARYZ6S41.
    String id = JobIds.of(1_469_918_176_385L, fixedBytes(0));

    assertThat(id).startsWith("01ARYZ6S41");
  }

  @Test
  void theLastSixteenCharactersCarryEightyRandomBits() {
    assertThat(JobIds.of(0, fixedBytes(0))).isEqualTo("0000000000" + "0000000000000000");
    assertThat(JobIds.of(0, fixedBytes(0xFF))).isEqualTo("0000000000" + "ZZZZZZZZZZZZZZZZ");
  }

  @Test
  void theRandomBitsAreReadMostSignificantFirst() {
    // 0x80 0x00 ... : the very first random bit set → first random character is 10000b = 16 = 'G'.
    Random firstBitOnly = new Random() {
      @Override
      public void nextBytes(byte[] bytes) {
        java.util.Arrays.fill(bytes, (byte) 0);
        bytes[0] = (byte) 0x80;
      }
    };

    assertThat(JobIds.of(0, firstBitOnly).substring(10)).isEqualTo("G000000000000000");
  }

  @Test
  void idsCreatedLaterSortAfterIdsCreatedEarlier() {
    List<String> ids = new ArrayList<>();
    long[] times = {0L, 1L, 31L, 32L, 1_000L, 1_700_000_000_000L, 1_700_000_000_001L, (1L << 48) - 1};
    for (long t : times) {
      // the earlier id gets the largest random part, the later one the smallest
      ids.add(JobIds.of(t, fixedBytes(0xFF)));
      ids.add(JobIds.of(t + 1, fixedBytes(0)));
    }

    assertThat(ids).isSorted();
  }

  @Test
  void idsFromTheSameMillisecondStillDiffer() {
    Set<String> ids = new HashSet<>();
    Random random = new Random(42);
    for (int i = 0; i < 1_000; i++) {
      ids.add(JobIds.of(1_700_000_000_000L, random));
    }

    assertThat(ids).hasSize(1_000);
  }

  @Test
  void aGeneratedIdIsWellFormed() {
    assertThat(JobIds.isWellFormed(JobIds.next())).isTrue();
  }

  @Test
  void nullIsNotWellFormed() {
    assertThat(JobIds.isWellFormed(null)).isFalse();
  }

  @Test
  void anIdOfTheWrongLengthIsNotWellFormed() {
    assertThat(JobIds.isWellFormed("01ARYZ6S41")).isFalse();
    assertThat(JobIds.isWellFormed("01ARYZ6S41TSV4RRFFQ69G5FAVX")).isFalse();
  }

  @Test
  void lettersOutsideCrockfordBase32AreNotWellFormed() {
    // I, L, O and U are not in the alphabet
    assertThat(JobIds.isWellFormed("01ARYZ6S41TSV4RRFFQ69G5FAI")).isFalse();
    assertThat(JobIds.isWellFormed("01ARYZ6S41TSV4RRFFQ69G5FAU")).isFalse();
  }

  @Test
  void pathTraversalTextIsNotWellFormed() {
    assertThat(JobIds.isWellFormed("../../../../etc/passwd0000")).isFalse();
  }

  @Test
  void aCorrectIdInLowerCaseIsNotWellFormed() {
    assertThat(JobIds.isWellFormed("01aryz6s41tsv4rrffq69g5fav")).isFalse();
  }
}
