package fanfetch.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuardHintTest {

  @Test
  void theServicesSettingBecomesTheAllowOptionForTheRefusedAddress() {
    assertThat(GuardHint.forAllowOption(
        "127.0.0.1:8001 refused by the address guard: 127.0.0.1 is loopback (open it with guard.allow)"))
        .isEqualTo("127.0.0.1:8001 refused by the address guard: 127.0.0.1 is loopback (open it with --allow 127.0.0.1:8001)");
  }

  @Test
  void anIpv6HostIsBracketed() {
    assertThat(GuardHint.forAllowOption("::1:80 refused by the address guard: ::1 is loopback (open it with guard.allow)"))
        .endsWith("(open it with --allow [::1]:80)");
  }

  @Test
  void otherMessagesAreLeftAlone() {
    assertThat(GuardHint.forAllowOption("Connection refused")).isEqualTo("Connection refused");
    assertThat(GuardHint.forAllowOption(null)).isNull();
    assertThat(GuardHint.forAllowOption("odd text (open it with guard.allow)")).isEqualTo("odd text (open it with --allow)");
  }
}
