package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouterConfigTest {
  private static RouterConfig router(String scenario) {
    AddressPlan plan = new AddressPlan(ScenarioCatalog.builtIn(scenario), 2);
    return new RouterConfig(plan, new LabLayout("pft", 2));
  }

  @Test
  void thePeeringCarriesOnlyTrafficBetweenTheTwoVpcs() {
    String rules = router("seed-incident").filterRules();

    assertThat(rules)
        .contains("-A FORWARD -i k8s -o peer -j PCX-REQUESTER")
        .contains("-A PCX-REQUESTER -s 172.20.0.0/16 -d 10.0.0.0/16 -j RETURN")
        .containsPattern("-A PCX-REQUESTER .*-j DROP");
  }

  @Test
  void aPeeringThatIsNotActiveCarriesNothing() {
    String rules = router("peering-not-active").filterRules();

    assertThat(rules).contains("pcx-1 is pending-acceptance").doesNotContain("PCX-REQUESTER -s");
  }

  @Test
  void theClusterRouteTableRoutesThePeerThroughThePeeringAndEndsInABlackhole() {
    assertThat(router("seed-incident").ipBatch())
        .contains("route add 10.0.0.0/16 dev peer table 101")
        .contains("route add 10.244.1.0/24 via 172.20.1.10 dev k8s table 101")
        .contains("route add blackhole default table 101");
  }

  @Test
  void withoutARouteToThePeerTheClusterTableHasNone() {
    assertThat(router("no-route-to-peer").ipBatch())
        .noneMatch(line -> line.contains("dev peer table 101"));
  }

  @Test
  void withoutARouteBackThePeerTableReachesOnlyItself() {
    assertThat(router("no-route-back").ipBatch())
        .noneMatch(line -> line.contains("dev k8s table 102"))
        .contains("route add blackhole default table 102");
  }

  @Test
  void everyVethIsCreatedWithItsOtherEndInsideALabNamespace() {
    assertThat(router("seed-incident").ipBatch())
        .filteredOn(line -> line.contains("type veth"))
        .hasSize(4)
        .allMatch(line -> line.matches(".* peer name eth0 netns pft-(node1|node2|dns|target)"));
  }

  @Test
  void aNetworkAclIsStatelessFirstMatchWithAnImplicitDeny() {
    String rules = router("nacl-blocks").filterRules();

    assertThat(rules)
        .contains("-A FORWARD -i k8s -o peer -j NACL-PEER-IN")
        .contains("-A FORWARD -i peer -o k8s -j NACL-PEER-OUT")
        .contains("-A NACL-PEER-OUT -d 172.20.0.0/16 -p tcp --dport 5432:5432")
        .containsPattern(
            "-A NACL-PEER-OUT -m comment --comment \"acl-db outbound rule \\* \\(implicit deny\\)\" -j DROP");
  }
}
