package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemberConfigTest {
  private static MemberConfig members(String scenario) {
    AddressPlan plan = new AddressPlan(ScenarioCatalog.builtIn(scenario), 2);
    return new MemberConfig(plan, new LabLayout("pft", 2));
  }

  @Test
  void theNatTableHoldsTheScenarioRulesInIptablesRestoreForm() {
    assertThat(members("seed-incident").natTable(1))
        .startsWith("*nat\n")
        .contains("-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n")
        .endsWith("COMMIT\n");
  }

  @Test
  void eachNodesOwnAddressFillsTheNodeIpPlaceholder() {
    MemberConfig cni = members("aws-cni-excluded-snat");

    assertThat(cni.natTable(1)).contains("--to-source 192.168.1.10 ");
    assertThat(cni.natTable(2)).contains("--to-source 192.168.1.11 ");
  }

  @Test
  void eachGeneratedNatLineKnowsTheScenarioLineItCameFrom() {
    MemberConfig cni = members("aws-cni-excluded-snat");
    String[] lines = cni.natTable(1).split("\n");

    for (int n = 1; n <= lines.length; n++) {
      int index = cni.natRulesIndex(1, n);
      if (lines[n - 1].startsWith("-A ")) {
        String source =
            ScenarioCatalog.builtIn("aws-cni-excluded-snat")
                .cluster()
                .natRules()
                .split("\n")[index]
                .strip();
        assertThat(source.replace("${NODE_IP}", "192.168.1.10")).isEqualTo(lines[n - 1]);
      }
    }
    assertThat(cni.natRulesIndex(1, 1)).as("*nat is peerfix's own").isEqualTo(-1);
    assertThat(cni.natRulesIndex(1, lines.length)).as("COMMIT").isEqualTo(-1);
    assertThat(cni.natRulesIndexMentioning(1, "EXCLUSION")).isEqualTo(5);
  }

  @Test
  void customChainsAreDeclaredOnce() {
    assertThat(members("ip-masq-agent-default").natTable(1))
        .containsOnlyOnce(":IP-MASQ-AGENT - [0:0]");
  }

  @Test
  void theSecurityGroupAdmitsItsIngressStatefullyAndDropsTheRest() {
    assertThat(members("seed-incident").securityGroup())
        .contains("-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT")
        .contains("-A INPUT -s 172.20.0.0/16 -p tcp --dport 5432")
        .containsPattern("default deny\" -j DROP\nCOMMIT\n$");
  }

  @Test
  void aNodeHasItsVpcAddressABridgeForItsPodsAndTheRouterAsGateway() {
    assertThat(members("seed-incident").node(2))
        .contains("addr add 172.20.1.11/16 dev eth0")
        .contains("addr add 10.244.2.1/24 dev cbr0")
        .contains("route add default via 172.20.0.1")
        .contains("link add veth1 type veth peer name eth0 netns pft-pod2");
  }
}
