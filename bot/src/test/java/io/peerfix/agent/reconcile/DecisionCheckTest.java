package io.peerfix.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.fix.NodeFixState;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionCheckTest {
  private static final DesiredRule RDS =
      new DesiredRule("fix-a", List.of("-d", "10.0.5.20/32", "-o", "eth0", "-j", "MASQUERADE"));
  private static final Packet POD_TO_RDS = Packet.forwarded("10.244.1.5", "10.0.5.20", 5432);
  private static final NodeContext NODE = NodeContext.of("172.20.1.10");
  private static final String OURS =
      "-A PEERFIX-POSTROUTING -d 10.0.5.20/32 -o eth0 -m comment --comment \""
          + RDS.marker().comment()
          + "\" -j MASQUERADE\n";
  private static final String JUMP =
      "-A POSTROUTING -m comment --comment \""
          + PeerfixChains.jumpMarker().comment()
          + "\" -j PEERFIX-POSTROUTING\n";
  private static final String KUBELET = "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n";

  private static String table(String chains, String rules) {
    return "*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
        + ":PEERFIX-POSTROUTING - [0:0]\n"
        + chains
        + rules
        + "COMMIT\n";
  }

  private static NodeFixReport judge(String table) {
    return DecisionCheck.judge("fix-a", table, POD_TO_RDS, NODE, name -> "");
  }

  @Test
  void peerfixsRuleDecidingIsApplied() {
    NodeFixReport report = judge(table("", JUMP + KUBELET + OURS));
    assertThat(report.state()).isEqualTo(NodeFixState.APPLIED);
    assertThat(report.manager()).isEqualTo(RuleManager.PEERFIX);
    assertThat(report.decidingRule()).hasValueSatisfying(r -> assertThat(r).contains("fix-a"));
  }

  /** Felix in insert mode puts its jump first; its chain lets the peer range leave untouched. */
  @Test
  void aCalicoInsertAboveTheJumpIsOverriddenAndNamesFelix() {
    String cali =
        "-A POSTROUTING -m comment --comment \"cali:O3lYWMrLQYEMJtB5\" -j cali-POSTROUTING\n"
            + "-A cali-POSTROUTING -d 10.0.0.0/16 -m comment --comment \"cali:Z-c7XtVd2Bq7s_hA\""
            + " -j ACCEPT\n";
    NodeFixReport report =
        judge(table(":cali-POSTROUTING - [0:0]\n", cali + JUMP + KUBELET + OURS));
    assertThat(report.state()).isEqualTo(NodeFixState.OVERRIDDEN);
    assertThat(report.manager()).isEqualTo(RuleManager.CALICO_FELIX);
    assertThat(report.decidingRule())
        .hasValueSatisfying(r -> assertThat(r).startsWith("-A cali-POSTROUTING"));
  }

  @Test
  void withoutTheJumpTheOldRuleDecidesAndTheFixIsNotApplied() {
    NodeFixReport report = judge(table("", KUBELET + OURS));
    assertThat(report.state()).isEqualTo(NodeFixState.OVERRIDDEN);
    assertThat(report.decidingRule()).isEmpty();
  }

  @Test
  void anotherFixsRuleDecidingIsNotThisFixApplied() {
    NodeFixReport report =
        DecisionCheck.judge("fix-b", table("", JUMP + OURS), POD_TO_RDS, NODE, name -> "");
    assertThat(report.state()).isEqualTo(NodeFixState.OVERRIDDEN);
    assertThat(report.manager()).isEqualTo(RuleManager.PEERFIX);
  }

  @Test
  void aTableTheEngineCannotReadIsFailedNotApplied() {
    assertThat(judge("*nat\n-A POSTROUTING -j\nCOMMIT\n").state()).isEqualTo(NodeFixState.FAILED);
  }

  @Test
  void managersAreToldByTheirChainsAndComments() {
    assertThat(RuleManager.of("IP-MASQ-AGENT", "-A IP-MASQ-AGENT -d 10.0.0.0/8 -j RETURN"))
        .isEqualTo(RuleManager.IP_MASQ_AGENT);
    assertThat(
            RuleManager.of(
                "POSTROUTING",
                "-A POSTROUTING -m comment --comment \"AWS SNAT CHAIN\" -j AWS-SNAT-CHAIN-0"))
        .isEqualTo(RuleManager.AWS_VPC_CNI);
    assertThat(RuleManager.of("KUBE-POSTROUTING", "-A KUBE-POSTROUTING -j RETURN"))
        .isEqualTo(RuleManager.KUBE_PROXY);
    assertThat(RuleManager.of("POSTROUTING", KUBELET.strip())).isEqualTo(RuleManager.UNKNOWN);
  }
}
