package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeOwnerTest {

  @Test
  void theBotsPodNameComesFromTheDownwardApi() {
    assertThat(ProbeOwner.fromDownwardApi(Map.of("POD_NAME", "peerfix-bot-7d9f")))
        .contains(ProbeOwner.pod("peerfix-bot-7d9f"));
  }

  @Test
  void outsideAClusterThereIsNoOwner() {
    assertThat(ProbeOwner.fromDownwardApi(Map.of())).isEmpty();
    assertThat(ProbeOwner.fromDownwardApi(Map.of("POD_NAME", " "))).isEmpty();
  }

  @Test
  void aLongPodNameBecomesAValidLabelValue() {
    String name = "peerfix-bot-" + "x".repeat(80);

    assertThat(ProbeOwner.pod(name).labelValue()).hasSize(63).startsWith("peerfix-bot-x");
  }

  @Test
  void aBlankNameIsRefused() {
    assertThatThrownBy(() -> ProbeOwner.pod("")).isInstanceOf(IllegalArgumentException.class);
  }
}
