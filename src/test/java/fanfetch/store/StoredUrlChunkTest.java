package fanfetch.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A chunk of URLs in the form both the disk and the cluster store keep it. */
class StoredUrlChunkTest {

  @Test
  void aChunkIsStoredAsAJsonArrayOfStrings() {
    assertThat(StoredUrlChunk.encode(List.of("http://a.test/", "http://b.test/x?q=1")))
        .isEqualTo("[\"http://a.test/\",\"http://b.test/x?q=1\"]");
  }

  @Test
  void whatIsStoredReadsBackInOrderWithEveryCharacter() {
    List<String> urls = List.of("http://b.test/", "http://a.test/\"quoted\"", "http://ü.test/\\path", "http://a.test/");

    assertThat(StoredUrlChunk.decode(StoredUrlChunk.encode(urls))).containsExactlyElementsOf(urls);
  }

  @Test
  void noStoredChunkIsNoUrls() {
    assertThat(StoredUrlChunk.decode(null)).isEmpty();
    assertThat(StoredUrlChunk.decode(StoredUrlChunk.encode(List.of()))).isEmpty();
  }

  @Test
  void theStoredFormDoesNotFollowTheListOnceEncoded() {
    List<String> urls = new ArrayList<>(List.of("http://a.test/"));

    String stored = StoredUrlChunk.encode(urls);
    urls.add("http://late.test/");

    assertThat(StoredUrlChunk.decode(stored)).containsExactly("http://a.test/");
  }
}
