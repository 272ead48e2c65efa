package io.peerfix.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.peerfix.fix.Actor;
import io.peerfix.fix.ApprovalPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApproversConfigTest {
  private static PeerfixConfig parse(String yaml) {
    return PeerfixConfig.parse("peerfix.yaml", yaml, Map.of("NETOPS", "S0NETOPS"));
  }

  private static ConfigException failure(String yaml) {
    return catchThrowableOfType(() -> parse(yaml), ConfigException.class);
  }

  @Test
  void approversGroupsMembershipAndTtlBecomeThePolicy() {
    PeerfixConfig config =
        parse(
            """
            approvers:
              users: [U0ALICE]
              groups: [S0NETOPS, S0SRE]
              allowSelfApproval: true
              groupMembers:
                S0NETOPS: [U0CAROL, U0DAN]
            approvalTtl: 10m
            """);

    assertThat(config.approvalPolicy())
        .isEqualTo(
            new ApprovalPolicy(
                Set.of("U0ALICE"), Set.of("S0NETOPS", "S0SRE"), true, Duration.ofMinutes(10)));
    assertThat(config.approvers().groupsOf("U0CAROL")).containsExactly("S0NETOPS");
    assertThat(config.approvers().groupsOf("U0ALICE")).isEmpty();
    assertThat(config.approvalPolicy().isApprover(new Actor("U0CAROL", Set.of("S0NETOPS"))))
        .isTrue();
  }

  @Test
  void withoutTheSectionsNobodyApprovesSelfApprovalIsForbiddenAndProposalsWaitThirtyMinutes() {
    ApprovalPolicy policy = parse("").approvalPolicy();

    assertThat(policy)
        .isEqualTo(new ApprovalPolicy(Set.of(), Set.of(), false, Duration.ofMinutes(30)));
    assertThat(policy.isApprover(Actor.user("U0ALICE"))).isFalse();
  }

  @Test
  void anIdMayComeFromTheEnvironment() {
    assertThat(parse("approvers:\n  groups: [\"${NETOPS}\"]\n").approvers().groups())
        .containsExactly("S0NETOPS");
  }

  @Test
  void membersOfAGroupThatIsNotAnApproverGroupFailAtThatGroup() {
    ConfigException e =
        failure(
            """
            approvers:
              groups: [S0NETOPS]
              groupMembers:
                S0OTHER: [U0EVE]
            """);

    assertThat(e.line()).isEqualTo(4);
    assertThat(e.getMessage()).contains("approvers.groupMembers.S0OTHER").contains("S0NETOPS");
  }

  @Test
  void anIdWithASpaceFailsNamingTheKey() {
    ConfigException e = failure("approvers:\n  users: [\"U0 ALICE\"]\n");

    assertThat(e.line()).isEqualTo(2);
    assertThat(e.getMessage()).contains("approvers.users").contains("'U0 ALICE'");
  }

  @Test
  void aMisspeltApproverKeyIsUnknown() {
    ConfigException e = failure("approvers:\n  allowSelfAproval: true\n");

    assertThat(e.line()).isEqualTo(2);
    assertThat(e.getMessage()).contains("unknown key").contains("allowSelfApproval");
  }

  @Test
  void aTtlOutsideOneMinuteToOneDayFails() {
    assertThat(failure("approvalTtl: 30s\n").getMessage())
        .contains("approvalTtl")
        .contains("1m to 1d")
        .contains("30s");
    assertThat(failure("approvalTtl: 2d\n").getMessage()).contains("1m to 1d");
    assertThat(failure("approvalTtl: soon\n").getMessage()).contains("30m");
  }
}
