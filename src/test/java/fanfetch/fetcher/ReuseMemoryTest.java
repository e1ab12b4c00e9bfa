package fanfetch.fetcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReuseMemoryTest {

  @Test
  void anOriginSeenClosingIdleConnectionsIsAvoidedForThatJobOnly() {
    ReuseMemory memory = new ReuseMemory();
    memory.closesIdleConnections("job-1", "a.test:80");

    assertThat(memory.avoidReuse("job-1", "a.test:80")).isTrue();
    assertThat(memory.avoidReuse("job-2", "a.test:80")).isFalse();
    assertThat(memory.avoidReuse("job-1", "b.test:80")).isFalse();
  }

  @Test
  void aCancelledJobIsForgotten() {
    ReuseMemory memory = new ReuseMemory();
    memory.closesIdleConnections("job-1", "a.test:80");
    memory.closesIdleConnections("job-10", "a.test:80");

    memory.forgetJob("job-1");

    assertThat(memory.avoidReuse("job-1", "a.test:80")).isFalse();
    assertThat(memory.avoidReuse("job-10", "a.test:80")).isTrue();
  }
}
