package io.peerfix.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountedTest {
  @Test
  void oneIsSingularEverythingElsePlural() {
    assertThat(Counted.of(1, "node")).isEqualTo("1 node");
    assertThat(Counted.of(0, "node")).isEqualTo("0 nodes");
    assertThat(Counted.of(3, "NAT group")).isEqualTo("3 NAT groups");
    assertThat(Counted.of(2, "more node", "more nodes")).isEqualTo("2 more nodes");
  }

  @Test
  void noTimeAtAllIsNotAfterZeroMilliseconds() {
    assertThat(Counted.after(0)).isEqualTo("at once (under 1 ms)");
    assertThat(Counted.after(12)).isEqualTo("after 12 ms");
  }
}
