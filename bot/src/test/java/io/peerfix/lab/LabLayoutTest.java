package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.common.UserInputException;
import org.junit.jupiter.api.Test;

class LabLayoutTest {
  private final LabLayout layout = new LabLayout("pft", 2);

  @Test
  void everyNamespaceCarriesTheLabsName() {
    assertThat(layout.namespaces())
        .containsExactly(
            "pft-router",
            "pft-dns",
            "pft-target",
            "pft-node1",
            "pft-pod1",
            "pft-node2",
            "pft-pod2");
  }

  @Test
  void membersMapToTheirNamespaces() {
    assertThat(layout.namespaceOf("pod2")).isEqualTo("pft-pod2");
    assertThat(layout.namespaceOf("target")).isEqualTo("pft-target");
  }

  @Test
  void aMemberBeyondTheNodeCountIsBadInputListingTheMembers() {
    assertThatThrownBy(() -> layout.namespaceOf("node3"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("node1..node2");
  }

  @Test
  void aLabOwnsOnlyNamespacesNamedLikeItsMembers() {
    assertThat(layout.owns("pft-node17")).isTrue();
    assertThat(layout.owns("pft-other")).isFalse();
    assertThat(layout.owns("pftx-node1")).isFalse();
    assertThat(layout.owns("kernel-node1")).isFalse();
  }

  @Test
  void aLabNameWithCharactersOutsideTheRuleIsRejected() {
    assertThatThrownBy(() -> new LabLayout("../etc", 1))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("lab name");
  }
}
