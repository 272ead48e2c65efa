package io.peerfix.vpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {

  @Test
  void peeringStatusCodesAreReadCaseInsensitivelyAndUnknownCodesAreUnknown() {
    assertThat(PeeringStatus.fromCode("Pending-Acceptance"))
        .isEqualTo(PeeringStatus.PENDING_ACCEPTANCE);
    assertThat(PeeringStatus.fromCode("active")).isEqualTo(PeeringStatus.ACTIVE);
    assertThat(PeeringStatus.fromCode("something-new")).isEqualTo(PeeringStatus.UNKNOWN);
    assertThat(PeeringStatus.fromCode(null)).isEqualTo(PeeringStatus.UNKNOWN);
  }

  @Test
  void aPermissionWarningNamesTheIamActionAndPointsAtThePolicy() {
    ReadWarning warning = ReadWarning.missingPermission(AwsResource.NETWORK_ACLS, "");

    assertThat(warning.text())
        .isEqualTo(
            "could not read network ACLs: missing IAM permission ec2:DescribeNetworkAcls (grant it"
                + " to peerfix's role; see infra/aws/iam-policy.json)");
  }

  @Test
  void anOtherFailureSaysWhatHappened() {
    ReadWarning warning =
        ReadWarning.failed(
            AwsResource.VPCS, "RequestLimitExceeded (HTTP 503): Request limit exceeded.");

    assertThat(warning.text())
        .isEqualTo("could not read VPCs: RequestLimitExceeded (HTTP 503): Request limit exceeded.");
  }

  @Test
  void aQueryMustNameTheDatabase() {
    assertThatThrownBy(() -> new AwsQuery("vpc-1", List.of(), " ", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name the database by its RDS instance identifier or its endpoint host");
  }

  @Test
  void securityGroupRulesCoverTcpPortsByProtocolAndRange() {
    SecurityGroupRule tcpRange =
        new SecurityGroupRule("tcp", 5000, 6000, List.of(), List.of(), List.of());
    SecurityGroupRule numericTcp =
        new SecurityGroupRule("6", 5432, 5432, List.of(), List.of(), List.of());
    SecurityGroupRule udp = new SecurityGroupRule("udp", 0, 65535, List.of(), List.of(), List.of());

    assertThat(tcpRange.coversTcpPort(5432)).isTrue();
    assertThat(tcpRange.coversTcpPort(6001)).isFalse();
    assertThat(numericTcp.coversTcpPort(5432)).isTrue();
    assertThat(udp.coversTcpPort(5432)).isFalse();
  }

  @Test
  void aPeeringKnowsItsSides() {
    PeeringConnection p = SeedNetwork.peering("pcx-1", PeeringStatus.ACTIVE);

    assertThat(p.connects("vpc-prod", "vpc-k8s")).isTrue();
    assertThat(p.connects("vpc-prod", "vpc-other")).isFalse();
    assertThat(p.side("vpc-prod")).contains(p.accepter());
    assertThat(p.otherSide("vpc-k8s")).isEqualTo(p.accepter());
  }
}
