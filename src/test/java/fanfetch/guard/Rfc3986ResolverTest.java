package fanfetch.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.URISyntaxException;

import static org.assertj.core.api.Assertions.assertThat;

class Rfc3986ResolverTest {

  private static String resolve(String base, String reference) throws URISyntaxException {
    return Rfc3986Resolver.resolve(new URI(base), new URI(reference)).toString();
  }

  @ParameterizedTest(name = "{1} against {0} is {2}")
  @CsvSource({
      "http://example.test/a/b,          c,                           http://example.test/a/c",
      "http://example.test/a/b/c,        ../d,                        http://example.test/a/d",
      "http://example.test/a/b?x=1,      /c,                          http://example.test/c",
      "https://example.test/a,           //127.0.0.1:18080/x,         https://127.0.0.1:18080/x",
      "http://example.test/,             http://[::1]:8080/a/./b/../c, http://[::1]:8080/a/c"})
  void aReferenceResolvesAsJavaNetUriDoesWhereBothRfcsAgree(String base, String reference, String resolved)
      throws URISyntaxException {
    assertThat(resolve(base, reference)).isEqualTo(resolved);
  }

  @Test
  void aQueryOnlyReferenceKeepsTheWholeBasePath() throws URISyntaxException {
    // RFC 2396 (java.net.URI) would give /a/?page=2.
    assertThat(resolve("http://example.test/a/b?x=1", "?page=2")).isEqualTo("http://example.test/a/b?page=2");
  }

  @Test
  void aQueryOnlyReferenceKeepsItsPercentEncodingAndTheBasePort() throws URISyntaxException {
    assertThat(resolve("http://127.0.0.1:18080/a/b", "?next=%2Fhome")).isEqualTo("http://127.0.0.1:18080/a/b?next=%2Fhome");
  }

  @Test
  void surplusDotDotSegmentsAreDroppedNotSent() throws URISyntaxException {
    assertThat(resolve("http://example.test/a", "../../x")).isEqualTo("http://example.test/x");
  }

  @Test
  void surplusDotDotSegmentsOfAnAbsoluteReferenceAreDroppedKeepingItsQuery() throws URISyntaxException {
    assertThat(resolve("http://example.test/", "http://127.0.0.1/../../x?y=1")).isEqualTo("http://127.0.0.1/x?y=1");
  }

  @Test
  void aPathOfOnlyDotDotSegmentsBecomesTheRoot() throws URISyntaxException {
    assertThat(Rfc3986Resolver.dropDotSegmentsAboveRoot(new URI("http://example.test/../.."))).hasToString("http://example.test/");
  }

  @Test
  void aUriWithNothingAboveTheRootIsReturnedAsItIs() throws URISyntaxException {
    URI uri = new URI("http://example.test/a/..x/b?q=1#f");

    assertThat(Rfc3986Resolver.dropDotSegmentsAboveRoot(uri)).isSameAs(uri);
  }

  @Test
  void aUriWithoutSchemeOrAuthorityIsNotTouched() throws URISyntaxException {
    URI relative = new URI("/../x");

    assertThat(Rfc3986Resolver.dropDotSegmentsAboveRoot(relative)).isSameAs(relative);
  }

  @Test
  void aFragmentOnlyReferenceKeepsTheBaseUrl() throws URISyntaxException {
    assertThat(resolve("http://example.test/a?x=1", "#top")).isEqualTo("http://example.test/a?x=1#top");
  }
}
