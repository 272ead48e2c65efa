package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.diagnosis.AddressPlan;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.Observations;
import io.peerfix.diagnosis.World;
import io.peerfix.orchestration.DiagnosisRun;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The channel message names the AWS hop that drops the path, with its resource ids as code. */
class EvidenceLinesTest {
  private static final AddressPlan PLAN = AddressPlan.seed();

  private static String message(World world) {
    world.natTable = "-A POSTROUTING ! -d " + PLAN.podRange() + " -o eth0 -j MASQUERADE";
    Observations observations = world.observations();
    DiagnosisRun run =
        new DiagnosisRun(
            Diagnoser.standard().diagnose(observations),
            observations,
            Instant.parse("2026-12-01T10:00:00Z"),
            Duration.ZERO,
            Duration.ZERO);
    return String.join(
        "\n", SlackTranscript.diagnosisMessage(run, "U1", java.util.Optional.empty()));
  }

  @Test
  void aSecurityGroupBlockNamesTheGroupAsCode() {
    World world = World.of(PLAN).allTimeOut();
    world.securityGroupCidr = PLAN.peerCidr();

    assertThat(message(world)).contains("Blocked at: database security groups, inbound `sg-rds`");
  }

  @Test
  void anAclDenyNamesTheAclAndTheEntryThatDecided() {
    assertThat(message(World.of(PLAN).allTimeOut().aclForgetsReplies()))
        .contains(
            "Blocked at: database subnet network ACL, outbound `acl-db`, by `rule * (deny all"
                + " traffic, 0.0.0.0/0) (egress)`");
  }

  @Test
  void aHealthyMessageSaysNothingIsBlocked() {
    assertThat(message(World.of(PLAN))).doesNotContain("Blocked at");
  }
}
