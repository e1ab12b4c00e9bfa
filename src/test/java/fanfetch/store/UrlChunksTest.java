package fanfetch.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A chunk of URLs in the form both the disk and the cluster store keep it. */
class UrlChunksTest {

  @Test
  void aChunkIsStoredAsAJsonArrayOfStrings() {
    assertThat(UrlChunks.encode(List.of("http://a.test/", "http://b.test/x?q=1")))
        .isEqualTo("[\"http://a.test/\",\"http://b.test/x?q=1\"]");
  }

  @Test
  void whatIsStoredReadsBackInOrderWithEveryCharacter() {
    List<String> urls = List.of("http://b.test/", "http://a.test/\"quoted\"", "http://ü.test/\\path", "http://a.test/");

    assertThat(UrlChunks.decode(UrlChunks.encode(urls))).containsExactlyElementsOf(urls);
  }

  @Test
  void noStoredChunkIsNoUrls() {
    assertThat(UrlChunks.decode(null)).isEmpty();
    assertThat(UrlChunks.decode(UrlChunks.encode(List.of()))).isEmpty();
  }

  @Test
  void theStoredFormDoesNotFollowTheListOnceEncoded() {
    List<String> urls = new ArrayList<>(List.of("http://a.test/"));

    String stored = UrlChunks.encode(urls);
    urls.add("http://late.test/");

    assertThat(UrlChunks.decode(stored)).containsExactly("http://a.test/");
  }
}
