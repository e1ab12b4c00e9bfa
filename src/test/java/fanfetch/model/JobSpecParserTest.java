package fanfetch.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class JobSpecParserTest {

  /** Small limits so every bound can be crossed with a few values. */
  private static final JobLimits LIMITS =
      new JobLimits(5, 100, 10, 60_000, 10, 1_000_000, 3);

  private final JobSpecParser parser = new JobSpecParser(JobDefaults.BUILT_IN, LIMITS);

  private static JsonObject job() {
    return new JsonObject().put("urls", new JsonArray().add("http://example.test/a").add("https://example.org.test/b"));
  }

  private InvalidJobException rejection(JsonObject json) {
    try {
      JobSpec spec = parser.parse(json);
      throw new AssertionError("expected the job to be rejected, got " + spec);
    } catch (InvalidJobException e) {
      return e;
    }
  }

  // --- urls ---------------------------------------------------------------------------------

  @Test
  void aJobWithOnlyUrlsIsAcceptedAndKeepsTheUrlsInOrder() {
    JobSpec spec = parser.parse(job());

    assertThat(spec.urls()).containsExactly("http://example.test/a", "https://example.org.test/b");
  }

  @Test
  void missingUrlsIsRejectedAsRequired() {
    InvalidJobException e = rejection(new JsonObject().put("mode", "parallel"));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.errors()).containsExactly(
        new FieldError("urls", "is required: a non-empty list of http(s) URLs"));
  }

  @Test
  void explicitNullUrlsCountsAsMissing() {
    InvalidJobException e = rejection(new JsonObject().putNull("urls"));

    assertThat(e.errors()).extracting(FieldError::field, FieldError::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("urls", "is required: a non-empty list of http(s) URLs"));
  }

  @Test
  void urlsGivenAsASingleStringInsteadOfAListIsRejected() {
    InvalidJobException e = rejection(new JsonObject().put("urls", "http://example.test/"));

    assertThat(e.errors()).containsExactly(new FieldError("urls", "must be a list of strings"));
  }

  @Test
  void anEmptyUrlListIsRejected() {
    InvalidJobException e = rejection(new JsonObject().put("urls", new JsonArray()));

    assertThat(e.errors()).containsExactly(new FieldError("urls", "must not be empty"));
  }

  @Test
  void aNonStringUrlIsNamedByItsIndex() {
    JsonArray urls = new JsonArray().add("http://a.test/").add("http://b.test/").add("http://c.test/").add(42);

    InvalidJobException e = rejection(new JsonObject().put("urls", urls));

    assertThat(e.errors()).containsExactly(new FieldError("urls[3]", "must be a string"));
  }

  @Test
  void everyNonStringUrlIsReportedNotJustTheFirst() {
    JsonArray urls = new JsonArray().add(1).add("http://b.test/").add(new JsonObject()).addNull();

    InvalidJobException e = rejection(new JsonObject().put("urls", urls));

    assertThat(e.errors()).extracting(FieldError::field).containsExactly("urls[0]", "urls[2]", "urls[3]");
  }

  @Test
  void malformedUrlStringsDoNotRejectTheJob() {
    JsonObject json = new JsonObject().put("urls", new JsonArray().add("not a url").add("ftp://example.test/"));

    JobSpec spec = parser.parse(json);

    assertThat(spec.urls()).containsExactly("not a url", "ftp://example.test/");
  }

  @Test
  void aJobWithExactlyTheMaximumNumberOfUrlsIsAccepted() {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < LIMITS.maxUrlsPerJob(); i++) {
      urls.add("http://example.test/" + i);
    }

    assertThat(parser.parse(new JsonObject().put("urls", urls)).urls()).hasSize(LIMITS.maxUrlsPerJob());
  }

  @Test
  void oneUrlMoreThanTheMaximumIsRejectedAsTooLargeWith413() {
    JsonArray urls = new JsonArray();
    for (int i = 0; i <= LIMITS.maxUrlsPerJob(); i++) {
      urls.add("http://example.test/" + i);
    }

    InvalidJobException e = rejection(new JsonObject().put("urls", urls));

    assertThat(e.status()).isEqualTo(413);
    assertThat(e.errors()).containsExactly(
        new FieldError("urls", "has 6 URLs; this server accepts at most 5 per job"));
  }

  // --- unknown fields -------------------------------------------------------------------------

  @Test
  void anUnknownFieldIsRejectedByName() {
    InvalidJobException e = rejection(job().put("colour", "blue"));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.errors()).containsExactly(new FieldError("colour", "unknown field"));
  }

  @Test
  void fieldNamesAreCaseSensitiveSoAMisspelledKnownFieldIsUnknown() {
    InvalidJobException e = rejection(job().put("perhost", 2));

    assertThat(e.errors()).containsExactly(new FieldError("perhost", "unknown field"));
  }

  @Test
  void everyProblemIsReportedInOneRejection() {
    JsonObject json = new JsonObject()
        .put("colour", "blue")
        .put("mode", "fast")
        .put("concurrency", 0)
        .put("method", "POST");

    InvalidJobException e = rejection(json);

    assertThat(e.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("colour", "urls", "mode", "concurrency", "method");
  }

  // --- enums ----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"parallel", "sequential", "compare", "Parallel", "SEQUENTIAL"})
  void eachModeIsAcceptedByItsNameInAnyCase(String mode) {
    JobSpec spec = parser.parse(job().put("mode", mode));

    assertThat(spec.mode().wireName()).isEqualTo(mode.toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void anUnknownModeIsRejectedListingTheAllowedValues() {
    InvalidJobException e = rejection(job().put("mode", "turbo"));

    assertThat(e.errors()).containsExactly(
        new FieldError("mode", "must be one of parallel, sequential, compare, got 'turbo'"));
  }

  @Test
  void aModeThatIsNotAStringIsRejected() {
    InvalidJobException e = rejection(job().put("mode", 1));

    assertThat(e.errors()).containsExactly(
        new FieldError("mode", "must be one of parallel, sequential, compare, got 1"));
  }

  @Test
  void digestNoneTurnsHashingOff() {
    assertThat(parser.parse(job().put("digest", "none")).digest()).isEqualTo(JobSpec.Digest.NONE);
  }

  @Test
  void digestSha256IsAccepted() {
    assertThat(parser.parse(job().put("digest", "sha256")).digest()).isEqualTo(JobSpec.Digest.SHA256);
  }

  @Test
  void anUnknownDigestIsRejectedListingTheAllowedValues() {
    InvalidJobException e = rejection(job().put("digest", "md5"));

    assertThat(e.errors()).containsExactly(new FieldError("digest", "must be one of sha256, none, got 'md5'"));
  }

  // --- numbers --------------------------------------------------------------------------------

  @Test
  void numbersWithinTheLimitsAreTakenAsGiven() {
    JsonObject json = job()
        .put("concurrency", 100)
        .put("perHost", 10)
        .put("timeoutMs", 60_000)
        .put("connectTimeoutMs", 1)
        .put("maxRedirects", 0)
        .put("maxBytes", 0)
        .put("retries", 3);

    JobSpec spec = parser.parse(json);

    assertThat(spec.concurrency()).isEqualTo(100);
    assertThat(spec.perHost()).isEqualTo(10);
    assertThat(spec.timeoutMs()).isEqualTo(60_000);
    assertThat(spec.connectTimeoutMs()).isEqualTo(1);
    assertThat(spec.maxRedirects()).isZero();
    assertThat(spec.maxBytes()).isZero();
    assertThat(spec.retries()).isEqualTo(3);
  }

  @Test
  void aNumberAboveTheServerLimitIsRejectedWithTheRangeAndTheValue() {
    InvalidJobException e = rejection(job().put("concurrency", 101));

    assertThat(e.errors()).containsExactly(new FieldError("concurrency", "must be between 1 and 100, got 101"));
  }

  @Test
  void aNumberBelowTheMinimumIsRejected() {
    InvalidJobException e = rejection(job().put("perHost", 0));

    assertThat(e.errors()).containsExactly(new FieldError("perHost", "must be between 1 and 10, got 0"));
  }

  @Test
  void aNegativeNumberIsRejectedWhereZeroIsTheMinimum() {
    InvalidJobException e = rejection(job().put("retries", -1));

    assertThat(e.errors()).containsExactly(new FieldError("retries", "must be between 0 and 3, got -1"));
  }

  @Test
  void eachNumericFieldIsCheckedAgainstItsOwnLimit() {
    JsonObject json = job()
        .put("timeoutMs", 60_001)
        .put("connectTimeoutMs", 60_001)
        .put("maxRedirects", 11)
        .put("maxBytes", 1_000_001)
        .put("retries", 4);

    InvalidJobException e = rejection(json);

    assertThat(e.errors()).containsExactlyInAnyOrder(
        new FieldError("timeoutMs", "must be between 1 and 60000, got 60001"),
        new FieldError("connectTimeoutMs", "must be between 1 and 60000, got 60001"),
        new FieldError("maxRedirects", "must be between 0 and 10, got 11"),
        new FieldError("maxBytes", "must be between 0 and 1000000, got 1000001"),
        new FieldError("retries", "must be between 0 and 3, got 4"));
  }

  @Test
  void aFractionalNumberIsRejectedAsNotWhole() {
    InvalidJobException e = rejection(job().put("timeoutMs", 1500.5));

    assertThat(e.errors()).containsExactly(new FieldError("timeoutMs", "must be a whole number"));
  }

  @Test
  void aNumberWrittenAsAStringIsRejectedAsNotWhole() {
    InvalidJobException e = rejection(job().put("concurrency", "8"));

    assertThat(e.errors()).containsExactly(new FieldError("concurrency", "must be a whole number"));
  }

  @Test
  void aWholeNumberWrittenWithADecimalPointIsAccepted() {
    assertThat(parser.parse(job().put("concurrency", 8.0)).concurrency()).isEqualTo(8);
  }

  @Test
  void aHugeNumberIsRejectedAsOutOfRangeRatherThanWrappingAround() {
    InvalidJobException e = rejection(job().put("maxBytes", 1e30));

    assertThat(e.errors()).extracting(FieldError::field).containsExactly("maxBytes");
    assertThat(e.errors().get(0).message()).startsWith("must be between 0 and 1000000");
  }

  // --- booleans -------------------------------------------------------------------------------

  @Test
  void followRedirectsFalseIsTaken() {
    assertThat(parser.parse(job().put("followRedirects", false)).followRedirects()).isFalse();
  }

  @Test
  void followRedirectsAsAStringIsRejected() {
    InvalidJobException e = rejection(job().put("followRedirects", "yes"));

    assertThat(e.errors()).containsExactly(new FieldError("followRedirects", "must be true or false"));
  }

  // --- method ---------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"GET", "get", "Get"})
  void getIsAcceptedInAnyCaseAndNormalisedToUpperCase(String method) {
    assertThat(parser.parse(job().put("method", method)).method()).isEqualTo("GET");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HEAD", "head", "hEaD"})
  void headIsAcceptedInAnyCaseAndNormalisedToUpperCase(String method) {
    assertThat(parser.parse(job().put("method", method)).method()).isEqualTo("HEAD");
  }

  @Test
  void aMethodOtherThanGetOrHeadIsRejected() {
    InvalidJobException e = rejection(job().put("method", "POST"));

    assertThat(e.errors()).containsExactly(new FieldError("method", "must be GET or HEAD, got 'POST'"));
  }

  @Test
  void aMethodThatIsNotAStringIsRejected() {
    InvalidJobException e = rejection(job().put("method", true));

    assertThat(e.errors()).containsExactly(new FieldError("method", "must be GET or HEAD, got true"));
  }

  // --- headers --------------------------------------------------------------------------------

  @Test
  void ordinaryHeadersAreKeptInTheOrderGiven() {
    JsonObject headers = new JsonObject().put("User-Agent", "fanfetch-test").put("Accept", "*/*");

    JobSpec spec = parser.parse(job().put("headers", headers));

    assertThat(spec.headers()).containsExactly(entry("User-Agent", "fanfetch-test"), entry("Accept", "*/*"));
  }

  @Test
  void noHeadersMeansAnEmptyMap() {
    assertThat(parser.parse(job()).headers()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Host", "host", "HOST", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade",
      "Keep-Alive", "TE", "Trailer", "Proxy-Connection"})
  void aHeaderFanfetchSetsItselfIsRejectedInAnyCase(String name) {
    InvalidJobException e = rejection(job().put("headers", new JsonObject().put(name, "x")));

    assertThat(e.errors()).containsExactly(new FieldError("headers." + name,
        "is set by fanfetch from the URL and connection; a job may not set it"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nX-Injected: 1", "line\nbreak", "carriage\rreturn", "nul\0byte", "a\u000bb",
      "bell\u0007", "del\u007f", "snow\u2603man"})
  void aHeaderValueWithACharacterOutsideRfc9110IsRejectedNamingTheHeader(String value) {
    InvalidJobException e = rejection(job().put("headers", new JsonObject().put("X-Test", value)));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.errors()).singleElement().satisfies(error -> {
      assertThat(error.field()).isEqualTo("headers.X-Test");
      assertThat(error.message()).startsWith("has a character HTTP does not allow in a header value (U+");
    });
  }

  @Test
  void aRejectedHeaderValueIsNeverQuotedInTheProblem() {
    InvalidJobException e = rejection(job().put("headers", new JsonObject().put("Authorization",
        "Bearer sekr1t\u000b")));

    assertThat(e.errors().get(0).message()).doesNotContain("sekr1t").contains("U+000B at position 13");
  }

  @ParameterizedTest
  @ValueSource(strings = {" leading", "trailing ", "\tleading-tab"})
  void aHeaderValueWithLeadingOrTrailingWhitespaceIsRejected(String value) {
    InvalidJobException e = rejection(job().put("headers", new JsonObject().put("X-Test", value)));

    assertThat(e.errors()).containsExactly(new FieldError("headers.X-Test",
        "must not start or end with a space or tab"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "with inner space", "tab\tinside", "obs-text caf\u00e9 \u00ff", "", "!#$%&'()*+,/:;<=>?@[]^_`{|}~"})
  void aHeaderValueThatIsAnRfc9110FieldValueIsAccepted(String value) {
    JobSpec spec = parser.parse(job().put("headers", new JsonObject().put("X-Test", value)));

    assertThat(spec.headers()).containsEntry("X-Test", value);
  }

  // --- httpVersions -------------------------------------------------------------------------

  @Test
  void httpVersionsDefaultToH2AndHttp11() {
    assertThat(parser.parse(job()).httpVersions()).containsExactly("h2", "http/1.1");
  }

  @Test
  void httpVersionsAreTakenInAnyLetterCase() {
    JobSpec spec = parser.parse(job().put("httpVersions", new JsonArray().add("H2C").add("HTTP/1.1")));

    assertThat(spec.httpVersions()).containsExactly("h2c", "http/1.1");
  }

  @Test
  void anUnknownHttpVersionIsRejectedNamingItsPosition() {
    InvalidJobException e = rejection(job().put("httpVersions", new JsonArray().add("h2").add("h3")));

    assertThat(e.errors()).singleElement().satisfies(error -> {
      assertThat(error.field()).isEqualTo("httpVersions[1]");
      assertThat(error.message()).contains("h2, http/1.1, h2c").contains("'h3'");
    });
  }

  @Test
  void aRepeatedOrEmptyOrNonListHttpVersionsIsRejected() {
    assertThat(rejection(job().put("httpVersions", new JsonArray().add("h2").add("h2"))).errors().get(0).field())
        .isEqualTo("httpVersions[1]");
    assertThat(rejection(job().put("httpVersions", new JsonArray())).errors().get(0).field())
        .isEqualTo("httpVersions");
    assertThat(rejection(job().put("httpVersions", "h2")).errors().get(0).field()).isEqualTo("httpVersions");
  }

  // --- politeness ---------------------------------------------------------------------------

  @Test
  void politenessIsOffUnlessAsked() {
    assertThat(parser.parse(job()).politeness()).isEqualTo(JobSpec.Politeness.NONE);
  }

  @Test
  void aPerHostRateMayBeAFractionAndMaxHostErrorsACount() {
    JobSpec spec = parser.parse(job().put("perHostRate", 0.5).put("maxHostErrors", 3));

    assertThat(spec.politeness()).isEqualTo(new JobSpec.Politeness(0.5, 3));
    assertThat(spec.toJson().getDouble("perHostRate")).isEqualTo(0.5);
    assertThat(spec.toJson().getInteger("maxHostErrors")).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "\"5\"", "2000000", "true"})
  void aPerHostRateThatIsNoRateIsRejectedNamingTheField(String value) {
    InvalidJobException e = rejection(job().put("perHostRate", new JsonObject("{\"v\":" + value + "}").getValue("v")));

    assertThat(e.errors()).singleElement().satisfies(error -> {
      assertThat(error.field()).isEqualTo("perHostRate");
      assertThat(error.message()).contains("requests a second");
    });
  }

  @Test
  void maxHostErrorsBelowOneIsRejected() {
    assertThat(rejection(job().put("maxHostErrors", 0)).errors().get(0).field()).isEqualTo("maxHostErrors");
    assertThat(rejection(job().put("maxHostErrors", 1.5)).errors().get(0).field()).isEqualTo("maxHostErrors");
  }

  @Test
  void aNumericHeaderValueIsRejected() {
    InvalidJobException e = rejection(job().put("headers", new JsonObject().put("X-Count", 3)));

    assertThat(e.errors()).containsExactly(new FieldError("headers.X-Count", "must be a string"));
  }

  @Test
  void aNullHeaderValueIsRejected() {
    InvalidJobException e = rejection(job().put("headers", new JsonObject().putNull("X-Empty")));

    assertThat(e.errors()).containsExactly(new FieldError("headers.X-Empty", "must be a string"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"X Bad", "X:Colon", "", "Ümlaut", "X(paren)", "X\r\nY"})
  void aHeaderNameThatIsNotAnHttpTokenIsRejected(String name) {
    InvalidJobException e = rejection(job().put("headers", new JsonObject().put(name, "v")));

    assertThat(e.errors()).containsExactly(new FieldError("headers." + name, "is not a valid header name"));
  }

  @Test
  void headerNamesMayUseEveryTokenPunctuationCharacter() {
    String name = "X-!#$%&'*+.^_`|~";

    JobSpec spec = parser.parse(job().put("headers", new JsonObject().put(name, "v")));

    assertThat(spec.headers()).containsExactly(entry(name, "v"));
  }

  @Test
  void headersGivenAsAListAreRejected() {
    InvalidJobException e = rejection(job().put("headers", new JsonArray().add("Accept: */*")));

    assertThat(e.errors()).containsExactly(
        new FieldError("headers", "must be an object of header names to string values"));
  }

  @Test
  void moreThan64HeadersAreRejected() {
    JsonObject headers = new JsonObject();
    for (int i = 0; i < 65; i++) {
      headers.put("X-H" + i, "v");
    }

    InvalidJobException e = rejection(job().put("headers", headers));

    assertThat(e.errors()).containsExactly(new FieldError("headers", "has 65 entries; at most 64"));
  }

  @Test
  void theParsedHeadersCannotBeChangedAfterwards() {
    JobSpec spec = parser.parse(job().put("headers", new JsonObject().put("Accept", "*/*")));

    assertThat(spec.headers()).isUnmodifiable();
  }

  // --- defaults -------------------------------------------------------------------------------

  @Test
  void everyOmittedFieldTakesTheConfiguredDefault() {
    JobDefaults defaults = new JobDefaults(JobSpec.Mode.COMPARE, 7, 3, "HEAD", 1_234, 567, false, 2, 999,
        JobSpec.Digest.NONE, 1);
    JobSpecParser withDefaults = new JobSpecParser(defaults, LIMITS);

    JobSpec spec = withDefaults.parse(job());

    assertThat(spec).isEqualTo(new JobSpec(List.of("http://example.test/a", "https://example.org.test/b"),
        JobSpec.Mode.COMPARE, 7, 3, "HEAD", Map.of(), 1_234, 567, false, 2, 999, JobSpec.Digest.NONE, 1, 0));
  }

  @Test
  void theBuiltInDefaultsAreParallelGetWithSha256() {
    JobSpec spec = new JobSpecParser(JobDefaults.BUILT_IN,
        new JobLimits(100_000, 20_000, 2_000, 600_000, 20, 1L << 40, 10)).parse(job());

    assertThat(spec.toJson().copy().put("urls", new JsonArray())).isEqualTo(new JsonObject()
        .put("urls", new JsonArray())
        .put("mode", "parallel")
        .put("concurrency", 256)
        .put("perHost", 16)
        .put("method", "GET")
        .put("headers", new JsonObject())
        .put("timeoutMs", 30_000L)
        .put("connectTimeoutMs", 10_000L)
        .put("followRedirects", true)
        .put("maxRedirects", 5)
        .put("maxBytes", 1L << 30)
        .put("digest", "sha256")
        .put("retries", 0)
        .put("httpVersions", new JsonArray().add("h2").add("http/1.1")));
  }

  @Test
  void anExplicitNullFieldFallsBackToTheDefault() {
    JobSpec spec = parser.parse(job().putNull("mode").putNull("method"));

    assertThat(spec.mode()).isEqualTo(JobDefaults.BUILT_IN.mode());
    assertThat(spec.method()).isEqualTo("GET");
  }

  // --- header name helper ---------------------------------------------------------------------

  @Test
  void isTokenAcceptsLettersDigitsAndHyphens() {
    assertThat(HeaderRules.isToken("X-Request-Id-2")).isTrue();
  }

  @Test
  void isTokenRefusesSeparators() {
    assertThat(HeaderRules.isToken("a/b")).isFalse();
  }

  @Test
  void aNumberBeyondALongIsRefusedNotWrapped() {
    JsonObject json = new JsonObject("{\"urls\": [\"http://a.test/\"], \"concurrency\": 18446744073709551617}");

    InvalidJobException e = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidJobException.class,
        () -> parser.parse(json));

    assertThat(e.errors()).extracting(FieldError::field).containsExactly("concurrency");
  }
}
