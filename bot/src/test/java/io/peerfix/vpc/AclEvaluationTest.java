package io.peerfix.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclEvaluationTest {
  private static final Ipv4 PEER = Ipv4.parse("172.20.1.10");

  @Test
  void portsAreSplitByTheFirstEntryThatMatchesEachOfThem() {
    NetworkAcl acl =
        new NetworkAcl(
            "acl-1",
            "vpc-1",
            true,
            List.of(),
            List.of(
                new NetworkAclEntry(200, true, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), false),
                new NetworkAclEntry(
                    100, true, "6", 40000, 50000, Cidr.parse("172.20.0.0/16"), true),
                new NetworkAclEntry(
                    50, true, "6", 45000, 45010, Cidr.parse("172.20.1.10/32"), false)));

    List<AclEvaluation.Decision> decisions = AclEvaluation.decide(acl, true, PEER, 32768, 60999);

    assertThat(decisions)
        .extracting(d -> d.fromPort() + "-" + d.toPort() + ":" + d.ruleNumber() + ":" + d.allowed())
        .containsExactly(
            "32768-39999:200:false",
            "40000-44999:100:true",
            "45000-45010:50:false",
            "45011-50000:100:true",
            "50001-60999:200:false");
  }

  @Test
  void entriesOfTheOtherDirectionOrOtherAddressesOrUdpDoNotMatch() {
    NetworkAcl acl =
        new NetworkAcl(
            "acl-1",
            "vpc-1",
            true,
            List.of(),
            List.of(
                new NetworkAclEntry(10, false, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), true),
                new NetworkAclEntry(20, true, "-1", 0, 0, Cidr.parse("10.0.0.0/8"), true),
                new NetworkAclEntry(30, true, "17", 5432, 5432, Cidr.parse("0.0.0.0/0"), true)));

    List<AclEvaluation.Decision> decisions = AclEvaluation.decide(acl, true, PEER, 5432, 5432);

    assertThat(decisions).singleElement().satisfies(d -> assertThat(d.allowed()).isFalse());
    assertThat(decisions.get(0).text()).isEqualTo("port 5432 by no matching entry (implicit deny)");
  }
}
