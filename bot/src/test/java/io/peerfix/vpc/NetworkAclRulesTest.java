package io.peerfix.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import org.junit.jupiter.api.Test;

class NetworkAclRulesTest {
  private static final NetworkAclEntry ALLOW_ALL_OUT =
      new NetworkAclEntry(100, true, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), true);
  private static final NetworkAclEntry ALLOW_ALL_IN =
      new NetworkAclEntry(100, false, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), true);

  private static NetworkAclEntry in(int rule, int from, int to, String cidr, boolean allow) {
    return new NetworkAclEntry(rule, false, "6", from, to, Cidr.parse(cidr), allow);
  }

  private static NetworkAclEntry out(int rule, int from, int to, String cidr, boolean allow) {
    return new NetworkAclEntry(rule, true, "6", from, to, Cidr.parse(cidr), allow);
  }

  @Test
  void aLowerNumberedDenyOnTheDatabaseSubnetWinsOverALaterAllow() {
    SeedNetwork net =
        new SeedNetwork()
            .aclEntries(
                "acl-prod",
                in(90, 5432, 5432, "172.20.0.0/16", false),
                in(100, 5432, 5432, "172.20.0.0/16", true),
                ALLOW_ALL_OUT);

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.NETWORK_ACL_BLOCKS);
    assertThat(result.decidingHop().orElseThrow().evidence())
        .isEqualTo(
            "network ACL acl-prod of subnet subnet-db-a (default network ACL of vpc-prod) denies tcp"
                + " 5432 from 172.20.1.10 inbound: by rule 90 (deny tcp 5432, 172.20.0.0/16)");
    assertThat(result.fixes().get(0).commandLine())
        .isEqualTo(
            "aws ec2 create-network-acl-entry --network-acl-id acl-prod --ingress --rule-number 80"
                + " --protocol tcp --port-range From=5432,To=5432 --cidr-block 172.20.0.0/16"
                + " --rule-action allow");
  }

  @Test
  void aLowerNumberedAllowWinsOverALaterDeny() {
    SeedNetwork net =
        new SeedNetwork()
            .aclEntries(
                "acl-prod",
                in(90, 5432, 5432, "172.20.0.0/16", true),
                in(100, 0, 65535, "0.0.0.0/0", false),
                ALLOW_ALL_OUT);

    assertThat(net.fromNode().hop(Hop.TARGET_SUBNET_ACL_IN).orElseThrow().outcome())
        .isEqualTo(HopOutcome.PASS);
  }

  @Test
  void theRequestAllowedInboundStillNeedsTheReplyAllowedOutboundBecauseAclsAreStateless() {
    SeedNetwork net =
        new SeedNetwork()
            .aclEntries("acl-prod", ALLOW_ALL_IN, out(100, 5432, 5432, "0.0.0.0/0", true));

    PathEvaluation result = net.fromNode();

    HopCheck hop = result.decidingHop().orElseThrow();
    assertThat(hop.hop()).isEqualTo(Hop.TARGET_SUBNET_ACL_OUT);
    assertThat(hop.evidence())
        .isEqualTo(
            "network ACL acl-prod of subnet subnet-db-a (default network ACL of vpc-prod) denies"
                + " replies to 172.20.1.10 on ports 32768-60999 (the client's ephemeral ports)"
                + " outbound: by no matching entry (implicit deny)");
    assertThat(hop.fixes().get(0).command())
        .containsSequence("--port-range", "From=1024,To=65535")
        .containsSequence("--cidr-block", "172.20.0.0/16")
        .contains("--egress");
  }

  @Test
  void aReplyRangeThatIsOnlyPartlyAllowedNamesTheDeniedPorts() {
    SeedNetwork net =
        new SeedNetwork()
            .aclEntries(
                "acl-prod",
                ALLOW_ALL_IN,
                out(100, 1024, 40000, "172.20.0.0/16", true),
                new NetworkAclEntry(32767, true, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), false));

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.evidence())
        .endsWith("ports 40001-60999 by rule * (deny all traffic, 0.0.0.0/0)");
  }

  @Test
  void theClusterSubnetsOutboundAclIsChecked() {
    SeedNetwork net =
        new SeedNetwork()
            .aclEntries(
                "acl-k8s", ALLOW_ALL_IN, out(100, 0, 65535, "10.0.0.0/8", false), ALLOW_ALL_OUT);

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.hop()).isEqualTo(Hop.SOURCE_SUBNET_ACL_OUT);
    assertThat(hop.fixes().get(0).command()).containsSequence("--cidr-block", "10.0.0.0/16");
  }

  @Test
  void theClusterSubnetsInboundAclMustAdmitTheReply() {
    SeedNetwork net =
        new SeedNetwork().aclEntries("acl-k8s", in(100, 0, 1023, "0.0.0.0/0", true), ALLOW_ALL_OUT);

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.hop()).isEqualTo(Hop.SOURCE_SUBNET_ACL_IN);
    assertThat(hop.verdict()).isEqualTo(PathVerdict.NETWORK_ACL_BLOCKS);
  }

  @Test
  void anAclAssociatedWithTheSubnetIsUsedInsteadOfTheDefault() {
    SeedNetwork net = new SeedNetwork();
    net.networkAcls.add(
        new NetworkAcl(
            "acl-db", "vpc-prod", false, java.util.List.of("subnet-db-a"), java.util.List.of()));

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.evidence())
        .startsWith("network ACL acl-db of subnet subnet-db-a denies tcp 5432");
  }

  @Test
  void noAclsInTheViewMeansNoneRestrict() {
    SeedNetwork net = new SeedNetwork();
    net.networkAcls.clear();

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.REACHABLE);
    assertThat(result.hop(Hop.TARGET_SUBNET_ACL_IN).orElseThrow().evidence())
        .isEqualTo(
            "no network ACL of vpc-prod applies to subnet subnet-db-a, so none restricts traffic");
  }

  @Test
  void unreadableAclsAreUnknownNotOpen() {
    SeedNetwork net = new SeedNetwork();
    net.networkAcls.clear();
    net.warnings.add(ReadWarning.missingPermission(AwsResource.NETWORK_ACLS, ""));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.UNKNOWN);
    assertThat(result.hop(Hop.TARGET_SUBNET_ACL_IN).orElseThrow().outcome())
        .isEqualTo(HopOutcome.UNKNOWN);
  }
}
