package io.peerfix.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsFixTest {

  @Test
  void argumentsWithShellCharactersAreQuotedInTheCommandLine() {
    AwsFix fix =
        new AwsFix(
            AwsAction.CREATE_ROUTE,
            "rtb-1",
            "x",
            List.of(
                "aws",
                "ec2",
                "--ip-permissions",
                "IpRanges=[{CidrIp=10.0.0.0/16}]",
                "<new-peering-id>",
                "it's"));

    assertThat(fix.commandLine())
        .isEqualTo(
            "aws ec2 --ip-permissions 'IpRanges=[{CidrIp=10.0.0.0/16}]' '<new-peering-id>' 'it'\\''s'");
  }

  @Test
  void adviceHasNoCommand() {
    AwsFix fix = AwsFix.advice("re-address the pods");

    assertThat(fix.hasCommand()).isFalse();
    assertThat(fix.commandLine()).isEmpty();
  }

  @Test
  void anAclFixReplacesTheDecidingRuleWhenNoNumberBelowItIsFree() {
    NetworkAcl acl =
        new NetworkAcl(
            "acl-1",
            "vpc-1",
            true,
            List.of(),
            List.of(new NetworkAclEntry(1, false, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), false)));

    AwsFix fix = AwsFixes.allowAclEntry(acl, false, 1, 5432, 5432, Cidr.parse("172.20.0.0/16"));

    assertThat(fix.command())
        .contains("replace-network-acl-entry")
        .containsSequence("--rule-number", "1");
  }
}
