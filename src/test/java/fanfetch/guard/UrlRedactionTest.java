package fanfetch.guard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrlRedactionTest {

  @Test
  void redactHidesUserAndPassword() {
    assertThat(UrlRedaction.redact("http://user:pw@host/path")).isEqualTo("http://***@host/path");
  }

  @Test
  void redactHidesUserinfoContainingAnAtSign() {
    assertThat(UrlRedaction.redact("https://me:p@ss@host:8443/")).isEqualTo("https://***@host:8443/");
  }

  @Test
  void redactHidesUserinfoWhenThereIsNoPath() {
    assertThat(UrlRedaction.redact("http://token@host")).isEqualTo("http://***@host");
  }

  @Test
  void redactLeavesAUrlWithoutUserinfoAlone() {
    assertThat(UrlRedaction.redact("http://host/a@b?c=d@e")).isEqualTo("http://host/a@b?c=d@e");
  }

  @Test
  void redactLeavesTextWithoutAnAuthorityAlone() {
    assertThat(UrlRedaction.redact("not a url")).isEqualTo("not a url");
    assertThat(UrlRedaction.redact("mailto:someone@example.test")).isEqualTo("mailto:someone@example.test");
  }

  @Test
  void redactOfNullIsNull() {
    assertThat(UrlRedaction.redact(null)).isNull();
  }

  @Test
  void redactStopsTheAuthorityAtAFragment() {
    assertThat(UrlRedaction.redact("http://host#a@b")).isEqualTo("http://host#a@b");
  }

  @Test
  void redactKeepsPathAndQueryAfterTheUserinfo() {
    assertThat(UrlRedaction.redact("https://user:pw@example.test:8443/a@b?c=d@e#f"))
        .isEqualTo("https://***@example.test:8443/a@b?c=d@e#f");
  }

  @Test
  void redactHidesUserinfoInAnyScheme() {
    assertThat(UrlRedaction.redact("ftp://user:pw@127.0.0.1/file")).isEqualTo("ftp://***@127.0.0.1/file");
  }

  @Test
  void redactHidesUserinfoBeforeAnIpv6Literal() {
    assertThat(UrlRedaction.redact("http://user:pw@[::1]:8080/x")).isEqualTo("http://***@[::1]:8080/x");
  }
}
