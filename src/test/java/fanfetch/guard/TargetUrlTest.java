package fanfetch.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TargetUrlTest {

  private static TargetUrl url(String text) {
    try {
      return TargetUrl.parse(text);
    } catch (TargetUrl.InvalidUrlException e) {
      throw new AssertionError("expected '" + text + "' to be accepted, got: " + e.getMessage());
    }
  }

  private static TargetUrl.InvalidUrlException rejection(String text) {
    try {
      TargetUrl accepted = TargetUrl.parse(text);
      throw new AssertionError("expected '" + text + "' to be rejected, got " + accepted);
    } catch (TargetUrl.InvalidUrlException e) {
      return e;
    }
  }

  private static TargetUrl.InvalidUrlException redirectRejection(TargetUrl base, String location) {
    try {
      TargetUrl accepted = base.resolve(location);
      throw new AssertionError("expected '" + location + "' to be rejected, got " + accepted);
    } catch (TargetUrl.InvalidUrlException e) {
      return e;
    }
  }

  private static TargetUrl redirect(TargetUrl base, String location) {
    try {
      return base.resolve(location);
    } catch (TargetUrl.InvalidUrlException e) {
      throw new AssertionError("expected '" + location + "' to resolve, got: " + e.getMessage());
    }
  }

  // --- schemes and ports ----------------------------------------------------------------------

  @Test
  void anHttpUrlIsSplitIntoHostPortAndRequestUri() {
    TargetUrl u = url("http://example.test:8080/a/b?x=1&y=2");

    assertThat(u).isEqualTo(new TargetUrl(false, "example.test", 8080, "/a/b?x=1&y=2"));
  }

  @Test
  void httpDefaultsToPort80() {
    assertThat(url("http://example.test/").port()).isEqualTo(80);
  }

  @Test
  void httpsDefaultsToPort443AndUsesTls() {
    TargetUrl u = url("https://example.test/");

    assertThat(u.ssl()).isTrue();
    assertThat(u.port()).isEqualTo(443);
  }

  @Test
  void theSchemeIsCaseInsensitive() {
    assertThat(url("HTTPS://example.test/").ssl()).isTrue();
  }

  @Test
  void anEmptyPathIsSentAsSlash() {
    assertThat(url("http://example.test").requestUri()).isEqualTo("/");
    // The query straight after the host, with no path between.
    assertThat(url("http://example.test" + "?q=1").requestUri()).isEqualTo("/?q=1");
  }

  @Test
  void theFragmentIsNeverSent() {
    assertThat(url("http://example.test/page#section").requestUri()).isEqualTo("/page");
  }

  @Test
  void percentEncodingInPathAndQueryIsKeptAsWritten() {
    assertThat(url("http://example.test/a%20b?q=%2F").requestUri()).isEqualTo("/a%20b?q=%2F");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.test/file", "file:///etc/passwd", "gopher://example.test/", "mailto:a@b.c",
      "javascript:alert(1)", "ws://example.test/"})
  void aSchemeOtherThanHttpOrHttpsIsRejectedAsUnsupported(String text) {
    TargetUrl.InvalidUrlException e = rejection(text);

    assertThat(e.unsupportedScheme()).isTrue();
    assertThat(e.getMessage()).contains("is not http or https");
  }

  @Test
  void aUrlWithoutASchemeIsRejectedButNotAsAnUnsupportedScheme() {
    TargetUrl.InvalidUrlException e = rejection("//example.test/path");

    assertThat(e.unsupportedScheme()).isFalse();
    assertThat(e.getMessage()).isEqualTo("not an absolute URL (no scheme): write http://example.test/path");
  }

  @Test
  void aSchemeRelativeUrlWithCredentialsGetsNoHintThatWouldRepeatThem() {
    TargetUrl.InvalidUrlException e = rejection("//user:secret@example.test/x");

    assertThat(e.unsupportedScheme()).isFalse();
    assertThat(e.getMessage()).isEqualTo("not an absolute URL (no scheme)").doesNotContain("secret");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "example.test,               http://example.test",
      "127.0.0.1:18080/x,          http://127.0.0.1:18080/x",
      "localhost:18080/x,          http://localhost:18080/x",
      "localhost:18080,            http://localhost:18080",
      "[::1]:8080/a?b=c,           http://[::1]:8080/a?b=c",
      "example.test/a#top,         http://example.test/a#top"})
  void everyUrlMissingItsSchemeGetsTheSameMessageWithTheUrlToWrite(String text, String fixed) {
    TargetUrl.InvalidUrlException e = rejection(text);

    assertThat(e.getMessage()).isEqualTo("not an absolute URL (no scheme): write " + fixed);
    assertThat(e.unsupportedScheme()).isFalse();
    assertThat(url(fixed)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"user:pw@example.test/x", "token@localhost:8080/", "/just/a/path", "mailto:a@b.c"})
  void noHintIsMadeOfWhatIsNotAHostOrCarriesCredentials(String text) {
    assertThat(rejection(text).getMessage()).doesNotContain("write http").doesNotContain("pw");
  }

  @ParameterizedTest
  // Written in two parts where what follows "http://" is a port or userinfo, not a host.
  @ValueSource(strings = {"http:///path", "http://" + ":80/", "http:/relative", "http://" + "user@/x"})
  void aUrlWithoutAHostIsRejected(String text) {
    TargetUrl.InvalidUrlException e = rejection(text);

    assertThat(e.getMessage()).isEqualTo("URL has no host");
    assertThat(e.unsupportedScheme()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void anEmptyUrlIsRejected(String text) {
    assertThat(rejection(text).getMessage()).isEqualTo("empty URL");
  }

  @Test
  void aNullUrlIsRejected() {
    assertThat(rejection(null).getMessage()).isEqualTo("empty URL");
  }

  @Test
  void aUrlLongerThan8192CharactersIsRejected() {
    assertThat(rejection("http://example.test/" + "a".repeat(8192)).getMessage())
        .isEqualTo("URL longer than 8192 characters");
  }

  @Test
  void aSyntacticallyBrokenUrlIsRejectedAsMalformed() {
    assertThat(rejection("http://exa mple.com/").getMessage()).startsWith("malformed URL:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://example.test:0/", "http://example.test:65536/", "http://example.test:99999/"})
  void aPortOutsideOneTo65535IsRejected(String text) {
    assertThat(rejection(text).getMessage()).endsWith("out of range");
  }

  @Test
  void surroundingWhitespaceIsTrimmed() {
    assertThat(url("  http://example.test/x  ")).isEqualTo(url("http://example.test/x"));
  }

  // --- hosts ----------------------------------------------------------------------------------

  @Test
  void theHostIsLowerCased() {
    assertThat(url("http://EXAMPLE.Test/").host()).isEqualTo("example.test");
  }

  @Test
  void anInternationalisedHostIsSentInPunycode() {
    assertThat(url("https://bücher.example/").host()).isEqualTo("xn--bcher-kva.example");
  }

  @Test
  void aHostWithUnderscoresIsAcceptedWithItsPort() {
    TargetUrl u = url("http://my_service.internal:8080/x");

    assertThat(u.host()).isEqualTo("my_service.internal");
    assertThat(u.port()).isEqualTo(8080);
  }

  @Test
  void aHostWithUnderscoresAndABadPortIsRejected() {
    assertThat(rejection("http://my_service:http/").getMessage()).isEqualTo("bad port in 'my_service:http'");
  }

  @Test
  void aPercentEncodedHostIsRejected() {
    assertThat(rejection("http://%31%32%37.0.0.1/").getMessage()).startsWith("bad host name");
  }

  @Test
  void anIpv6LiteralIsKeptWithoutBrackets() {
    TargetUrl u = url("http://[::1]:8080/a");

    assertThat(u.host()).isEqualTo("::1");
    assertThat(u.port()).isEqualTo(8080);
  }

  @Test
  void anIpv6LiteralIsPrintedWithBrackets() {
    assertThat(url("http://[2001:DB8::1]/a")).hasToString("http://[2001:db8::1]/a");
  }

  @Test
  void aMalformedIpv6LiteralIsRejected() {
    assertThat(rejection("http://[zz]/").getMessage()).startsWith("malformed URL:");
  }

  @Test
  void aPlainDottedDecimalAddressIsAccepted() {
    assertThat(url("http://127.0.0.1:18080/").host()).isEqualTo("127.0.0.1");
  }

  @ParameterizedTest(name = "{0} is refused, naming {1}")
  @CsvSource({
      "http://0177.0.0.1/,     127.0.0.1",
      "http://0x7f.1/,         127.0.0.1",
      "http://0x7f.0.0.1/,     127.0.0.1",
      "http://2130706433/,     127.0.0.1",
      "http://127.1/,          127.0.0.1",
      "http://127.0.1/,        127.0.0.1",
      "http://0X7F000001/,     127.0.0.1",
      "http://127.0.0.1./,     127.0.0.1",
      "http://0/,              0.0.0.0",
      "http://10.0x10000/,     10.1.0.0",
      "http://169.254.43518/,  169.254.169.254"})
  void anAmbiguousIpv4SpellingIsRejectedSayingWhatItWouldMean(String text, String meaning) {
    TargetUrl.InvalidUrlException e = rejection(text);

    assertThat(e.unsupportedScheme()).isFalse();
    assertThat(e.getMessage())
        .startsWith("ambiguous IPv4 host")
        .contains("(read elsewhere as " + meaning + ")")
        .endsWith("write addresses in dotted decimal");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://256.1.1.1/", "http://1.2.3.4.5/", "http://example.123/", "http://08.1.1.1/"})
  void aHostEndingInANumberThatIsNoAddressIsRejectedWithoutAMeaning(String text) {
    TargetUrl.InvalidUrlException e = rejection(text);

    assertThat(e.getMessage()).startsWith("ambiguous IPv4 host").doesNotContain("read elsewhere");
  }

  @Test
  void aHostWithANegativeNumericLabelIsRejectedWithoutAMadeUpMeaning() {
    assertThat(rejection("http://1.-1.1/").getMessage())
        .startsWith("ambiguous IPv4 host '1.-1.1'")
        .doesNotContain("read elsewhere");
  }

  @Test
  void aHostThatMerelyStartsWithDigitsIsAnOrdinaryName() {
    assertThat(url("http://123.example/").host()).isEqualTo("123.example");
  }

  // --- userinfo -------------------------------------------------------------------------------

  @Test
  void userinfoIsDroppedFromTheUrlThatIsFetched() {
    TargetUrl u = url("http://user:pw@example.test/private");

    assertThat(u).hasToString("http://example.test/private");
    assertThat(u.toString()).doesNotContain("user").doesNotContain("pw");
  }

  @Test
  void userinfoIsDroppedForHostsWithUnderscoresToo() {
    assertThat(url("http://user:secret@my_host:81/x")).hasToString("http://my_host:81/x");
  }

  // --- printing and host keys -----------------------------------------------------------------

  @Test
  void toStringLeavesOutTheDefaultPort() {
    assertThat(url("http://example.test:80/a")).hasToString("http://example.test/a");
    assertThat(url("https://example.test:443/a")).hasToString("https://example.test/a");
  }

  @Test
  void toStringKeepsAnyOtherPort() {
    assertThat(url("https://example.test:80/a")).hasToString("https://example.test:80/a");
  }

  @Test
  void hostKeyIsHostAndPortWithDefaultPortsFilledIn() {
    assertThat(url("https://Example.test/a").hostKey()).isEqualTo("example.test:443");
    assertThat(url("http://example.test:8080/a").hostKey()).isEqualTo("example.test:8080");
  }

  @Test
  void hostKeyBracketsAnIpv6Host() {
    assertThat(url("http://[::1]/").hostKey()).isEqualTo("[::1]:80");
  }

  @Test
  void theSameHostOnDifferentPortsHasDifferentKeys() {
    assertThat(url("http://example.test/").hostKey()).isNotEqualTo(url("https://example.test/").hostKey());
  }

  // --- redirects ------------------------------------------------------------------------------

  @Test
  void anAbsoluteLocationReplacesTheWholeUrl() {
    TargetUrl base = url("http://example.test/a/b");

    assertThat(redirect(base, "https://other.example:8443/x?y=1")).hasToString("https://other.example:8443/x?y=1");
  }

  @Test
  void aPathAbsoluteLocationKeepsSchemeHostAndPort() {
    TargetUrl base = url("https://example.test:8443/a/b?q=1");

    assertThat(redirect(base, "/c/d")).hasToString("https://example.test:8443/c/d");
  }

  @Test
  void aRelativeLocationReplacesTheLastPathSegment() {
    assertThat(redirect(url("http://example.test/a/b"), "c")).hasToString("http://example.test/a/c");
  }

  @Test
  void aDotDotLocationClimbsOneDirectory() {
    assertThat(redirect(url("http://example.test/a/b/c"), "../d")).hasToString("http://example.test/a/d");
  }

  @Test
  void dotDotSegmentsCannotClimbAboveTheRoot() {
    // RFC 3986 section 5.2.4: surplus ".." segments are dropped, never sent.
    assertThat(redirect(url("http://example.test/a"), "../../x")).hasToString("http://example.test/x");
  }

  @Test
  void aQueryOnlyLocationKeepsTheWholePath() {
    // RFC 3986 section 5.2.2: "?y" against /a/b gives /a/b?y (not /a/?y as in RFC 2396).
    assertThat(redirect(url("http://example.test/a/b?x=1"), "?page=2")).hasToString("http://example.test/a/b?page=2");
  }

  @Test
  void aQueryOnlyLocationKeepsItsPercentEncoding() {
    assertThat(redirect(url("http://example.test/a/b"), "?next=%2Fhome")).hasToString("http://example.test/a/b?next=%2Fhome");
  }

  @Test
  void anAbsoluteLocationHasItsDotSegmentsRemoved() {
    assertThat(redirect(url("http://example.test/"), "http://other.example/a/./b/../c"))
        .hasToString("http://other.example/a/c");
  }

  @Test
  void anAbsoluteLocationCannotClimbAboveTheRootEither() {
    assertThat(redirect(url("http://example.test/"), "http://other.example/../../x?y=1"))
        .hasToString("http://other.example/x?y=1");
  }

  @Test
  void aNetworkPathLocationKeepsOnlyTheScheme() {
    assertThat(redirect(url("https://example.test/a"), "//cdn.example/asset")).hasToString("https://cdn.example/asset");
  }

  @Test
  void aFragmentOnlyLocationGoesBackToTheSameUrl() {
    assertThat(redirect(url("http://example.test/a?x=1"), "#top")).hasToString("http://example.test/a?x=1");
  }

  @Test
  void aRedirectToAnotherSchemeIsRejectedAsUnsupported() {
    TargetUrl.InvalidUrlException e = redirectRejection(url("http://example.test/"), "file:///etc/passwd");

    assertThat(e.unsupportedScheme()).isTrue();
  }

  @Test
  void aRedirectToAnAmbiguousIpv4HostIsRejected() {
    assertThat(redirectRejection(url("http://example.test/"), "http://0x7f.1/").getMessage())
        .contains("read elsewhere as 127.0.0.1");
  }

  @Test
  void aRedirectWithoutALocationIsRejected() {
    assertThat(redirectRejection(url("http://example.test/"), " ").getMessage()).isEqualTo("redirect without a Location");
    assertThat(redirectRejection(url("http://example.test/"), null).getMessage())
        .isEqualTo("redirect without a Location");
  }

  @Test
  void aMalformedLocationIsRejected() {
    assertThat(redirectRejection(url("http://example.test/"), "http://exa mple/").getMessage())
        .startsWith("malformed redirect Location:");
  }

  @Test
  void aRedirectDoesNotCarryCredentialsOver() {
    TargetUrl base = url("http://user:pw@example.test/a");

    assertThat(redirect(base, "/b")).hasToString("http://example.test/b");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"http://[::1]/", "http://[0:0::1]/", "http://[::0001]/",
      "http://[0000:0000:0000:0000:0000:0000:0000:0001]/"})
  void everySpellingOfAnIpv6AddressIsOneHost(String url) throws Exception {
    assertThat(TargetUrl.parse(url).hostKey()).isEqualTo("[::1]:80");
  }

  @Test
  void ipv6HostsAreWrittenInTheirCanonicalForm() throws Exception {
    assertThat(TargetUrl.parse("http://[2001:DB8:0:0:1:0:0:1]/").host()).isEqualTo("2001:db8::1:0:0:1");
    assertThat(TargetUrl.parse("http://[fe80::]/").host()).isEqualTo("fe80::");
    assertThat(TargetUrl.parse("http://[1:2:3:4:5:6:7:8]/").host()).isEqualTo("1:2:3:4:5:6:7:8");
  }

  @Test
  void anIpv6ZoneIdIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TargetUrl.parse("http://[fe80::1%25eth0]/"))
        .isInstanceOf(TargetUrl.InvalidUrlException.class);
  }
}
