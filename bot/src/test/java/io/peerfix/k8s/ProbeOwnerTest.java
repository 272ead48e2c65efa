package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeOwnerTest {

  @Test
  void theBotsPodFromTheDownwardApiOwnsItsProbes() {
    assertThat(
            ProbeOwner.fromDownwardApi(
                Map.of("POD_NAME", "peerfix-bot-7d9f", "POD_UID", "0b6e8f52")))
        .contains(ProbeOwner.pod("peerfix-bot-7d9f", "0b6e8f52"));
  }

  @Test
  void outsideAClusterThereIsNoOwner() {
    assertThat(ProbeOwner.fromDownwardApi(Map.of("POD_NAME", "peerfix-bot-7d9f"))).isEmpty();
  }

  @Test
  void theOwnerReferenceNeverBlocksDeletingTheBot() {
    assertThat(ProbeOwner.pod("peerfix-bot-7d9f", "0b6e8f52").toReference().getBlockOwnerDeletion())
        .isFalse();
  }
}
