package io.peerfix.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityGroupRulesTest {

  private static PathEvaluation fromNodeInGroup(SeedNetwork net, String group) {
    return new PathEvaluator()
        .evaluate(
            net.build(),
            new PathQuery(
                SeedNetwork.NODE, "subnet-k8s-a", List.of(group), null, SeedNetwork.DB_IP, 5432));
  }

  @Test
  void aGroupThatDoesNotAdmitTheClusterBlocksAndIsFixedByAnIngressRule() {
    SeedNetwork net =
        new SeedNetwork()
            .rdsIngress(SecurityGroupRule.tcpFromCidrs(5432, Cidr.parse("10.0.0.0/16")));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.SECURITY_GROUP_BLOCKS);
    assertThat(result.decidingHop().orElseThrow().evidence())
        .isEqualTo(
            "security group sg-rds of database orders-db does not allow tcp 5432 from 172.20.1.10"
                + " (sg-rds: tcp 5432 from 10.0.0.0/16)");
    assertThat(result.fixes().get(0).commandLine())
        .isEqualTo(
            "aws ec2 authorize-security-group-ingress --group-id sg-rds --protocol tcp --port 5432"
                + " --cidr 172.20.0.0/16");
  }

  @Test
  void aRuleForAnotherPortDoesNotAdmit() {
    SeedNetwork net =
        new SeedNetwork()
            .rdsIngress(SecurityGroupRule.tcpFromCidrs(3306, Cidr.parse("172.20.0.0/16")));

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.verdict()).isEqualTo(PathVerdict.SECURITY_GROUP_BLOCKS);
    assertThat(hop.evidence()).contains("(no rule for tcp 5432)");
  }

  @Test
  void aPortRangeAndAllTrafficRulesAdmit() {
    SeedNetwork range =
        new SeedNetwork()
            .rdsIngress(
                new SecurityGroupRule(
                    "tcp", 5000, 6000, List.of(Cidr.parse("172.20.0.0/16")), List.of(), List.of()));
    SeedNetwork all = new SeedNetwork().rdsIngress(SeedNetwork.allTraffic("172.20.1.10/32"));

    assertThat(range.fromNode().verdict()).isEqualTo(PathVerdict.REACHABLE);
    assertThat(all.fromNode().verdict()).isEqualTo(PathVerdict.REACHABLE);
  }

  @Test
  void aGroupReferenceAdmitsTheNodeWhenTheNodeIsInThatGroup() {
    SeedNetwork net =
        new SeedNetwork()
            .rdsIngress(
                new SecurityGroupRule(
                    "tcp", 5432, 5432, List.of(), List.of("sg-nodes"), List.of()));

    PathEvaluation result = fromNodeInGroup(net, "sg-nodes");

    assertThat(result.verdict()).isEqualTo(PathVerdict.REACHABLE);
    assertThat(result.hop(Hop.TARGET_SECURITY_GROUP_IN).orElseThrow().evidence())
        .contains("(the peer is in sg-nodes)");
  }

  @Test
  void aGroupReferenceDoesNotAdmitANodeOutsideThatGroup() {
    SeedNetwork net =
        new SeedNetwork()
            .rdsIngress(
                new SecurityGroupRule(
                    "tcp", 5432, 5432, List.of(), List.of("sg-nodes"), List.of()));

    HopCheck hop = fromNodeInGroup(net, "sg-other").decidingHop().orElseThrow();

    assertThat(hop.verdict()).isEqualTo(PathVerdict.SECURITY_GROUP_BLOCKS);
    assertThat(hop.evidence()).contains("the source is not known to be one");
  }

  @Test
  void aGroupReferenceNeverAdmitsAPodAddress() {
    SeedNetwork net =
        new SeedNetwork()
            .rdsIngress(
                new SecurityGroupRule(
                    "tcp", 5432, 5432, List.of(), List.of("sg-nodes"), List.of()));

    PathEvaluation result =
        new PathEvaluator()
            .evaluate(
                net.build(),
                new PathQuery(
                    SeedNetwork.POD,
                    "subnet-k8s-a",
                    List.of("sg-nodes"),
                    null,
                    SeedNetwork.DB_IP,
                    5432));

    HopCheck hop = result.hop(Hop.TARGET_SECURITY_GROUP_IN).orElseThrow();
    assertThat(hop.outcome()).isEqualTo(HopOutcome.BLOCK);
    assertThat(hop.evidence()).contains("10.244.1.5 is not an address of vpc-k8s");
  }

  @Test
  void aPrefixListThatMightAdmitMakesTheHopUnknown() {
    SeedNetwork net =
        new SeedNetwork()
            .rdsIngress(
                new SecurityGroupRule("tcp", 5432, 5432, List.of(), List.of(), List.of("pl-123")));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.UNKNOWN);
    assertThat(result.evidence().get(0)).contains("only prefix lists pl-123 could admit");
  }

  @Test
  void theNodesOwnEgressIsCheckedWhenItsGroupsAreInTheView() {
    SeedNetwork net = new SeedNetwork();
    net.securityGroups.add(
        new SecurityGroup(
            "sg-nodes",
            "nodes",
            "vpc-k8s",
            List.of(),
            List.of(
                new SecurityGroupRule(
                    "tcp", 443, 443, List.of(Cidr.parse("0.0.0.0/0")), List.of(), List.of()))));

    PathEvaluation result = fromNodeInGroup(net, "sg-nodes");

    assertThat(result.verdict()).isEqualTo(PathVerdict.SECURITY_GROUP_BLOCKS);
    assertThat(result.decidingHop().orElseThrow().hop()).isEqualTo(Hop.SOURCE_SECURITY_GROUP_OUT);
    assertThat(result.fixes().get(0).command())
        .contains("authorize-security-group-egress", "sg-nodes");
  }

  @Test
  void aMissingDatabaseMakesItsGroupsUnknown() {
    SeedNetwork net = new SeedNetwork();
    net.database = null;

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.UNKNOWN);
    assertThat(result.evidence())
        .contains("the database was not found, so its security groups are unknown");
  }
}
