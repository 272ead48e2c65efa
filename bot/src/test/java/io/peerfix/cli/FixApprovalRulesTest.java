package io.peerfix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerfix.approval.FixGuard;
import io.peerfix.fix.Actor;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.RefusalReason;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.lab.LabPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval rules as a user meets them: {@code peerfix fix approve ... --lab --config FILE}
 * against a lab's fix store (only the store: no namespace, no agent), with the approvers, their
 * groups and the TTL from the configuration file. Every refusal exits 3, says why on stderr, and
 * changes nothing but the history line that records it.
 */
class FixApprovalRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String lab = "fixes-rules-" + ProcessHandle.current().pid();
  private final Path state = LabPaths.standard().stateDir(lab);
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void aLabStoreAndAConfiguration() throws Exception {
    Files.createDirectories(state);
    config = dir.resolve("peerfix.yaml");
    Files.writeString(
        config,
        """
        approvers:
          users: [U-ALICE, U-BOB]
          groups: [S-NETOPS]
          groupMembers:
            S-NETOPS: [U-CAROL]
        approvalTtl: 10m
        """);
  }

  @AfterEach
  void removeTheStore() throws Exception {
    try (Stream<Path> all = Files.walk(state)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Bob's proposal, made {@code ago} before now with the file's ten-minute TTL. */
  private FixRecord proposedBy(String requester, Duration ago) {
    Clock then = Clock.fixed(Instant.now().minus(ago), ZoneOffset.UTC);
    ApprovalPolicy policy = new ApprovalPolicy(Set.of(), Set.of(), false, Duration.ofMinutes(10));
    return new FixGuard(new LabFixStore(state), policy, then)
        .propose(
            FixFixtures.nodeFix(FixFixtures.RDS_RULE),
            NodeSelector.all(),
            FixFixtures.ALLOWED,
            Actor.user(requester))
        .record();
  }

  private CliRun approve(FixRecord fix, String as, String digest) {
    return CliRun.of(
        "fix",
        "approve",
        fix.name(),
        "--digest",
        digest,
        "--as",
        as,
        "--lab",
        "--lab-name",
        lab,
        "--config",
        config.toString(),
        "--no-wait",
        "--json");
  }

  private JsonNode show(FixRecord fix) throws Exception {
    CliRun run =
        CliRun.of(
            "fix",
            "show",
            fix.name(),
            "--lab",
            "--lab-name",
            lab,
            "--config",
            config.toString(),
            "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private void assertRefusedAndUnchanged(CliRun run, FixRecord fix, RefusalReason why)
      throws Exception {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(FixCommand.REFUSED);
    assertThat(run.err()).contains("refused").contains(why.text());
    JsonNode shown = show(fix);
    assertThat(shown.get("approval").isNull()).isTrue();
    assertThat(shown.get("events").get(shown.get("events").size() - 1).get("kind").asText())
        .isEqualTo("REFUSED");
  }

  @Test
  void someoneNotListedIsRefused() throws Exception {
    FixRecord fix = proposedBy("U-BOB", Duration.ZERO);

    CliRun run = approve(fix, "U-MALLORY", fix.digest());

    assertRefusedAndUnchanged(run, fix, RefusalReason.NOT_AN_APPROVER);
    assertThat(show(fix).get("state").asText()).isEqualTo("PROPOSED");
  }

  @Test
  void theRequesterMayNotApproveTheirOwnFix() throws Exception {
    FixRecord fix = proposedBy("U-BOB", Duration.ZERO);

    assertRefusedAndUnchanged(
        approve(fix, "U-BOB", fix.digest()), fix, RefusalReason.SELF_APPROVAL);
  }

  @Test
  void aDigestOtherThanTheOneShownIsRefused() throws Exception {
    FixRecord fix = proposedBy("U-BOB", Duration.ZERO);
    String stale = "sha256:" + "0".repeat(64);

    assertRefusedAndUnchanged(approve(fix, "U-ALICE", stale), fix, RefusalReason.DIGEST_CHANGED);
    assertThat(show(fix).get("digest").asText()).isEqualTo(fix.digest());
  }

  @Test
  void aProposalOlderThanTheTtlIsRefusedAsExpired() throws Exception {
    FixRecord fix = proposedBy("U-BOB", Duration.ofMinutes(11));

    CliRun run = approve(fix, "U-ALICE", fix.digest());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(FixCommand.REFUSED);
    assertThat(run.err()).contains(RefusalReason.EXPIRED.text());
    assertThat(show(fix).get("state").asText()).isEqualTo("EXPIRED");
    assertThat(show(fix).get("approval").isNull()).isTrue();
  }

  @Test
  void aProposalYoungerThanTheTtlIsApprovedByAGroupMember() throws Exception {
    FixRecord fix = proposedBy("U-BOB", Duration.ofMinutes(9));

    CliRun run = approve(fix, "U-CAROL", fix.digest());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode approved = JSON.readTree(run.out());
    assertThat(approved.get("state").asText()).isEqualTo("APPROVED");
    assertThat(approved.get("approval").get("by").asText()).isEqualTo("U-CAROL");
    assertThat(approved.get("approval").get("digest").asText()).isEqualTo(fix.digest());
  }

  @Test
  void aSecondApprovalChangesNothing() throws Exception {
    FixRecord fix = proposedBy("U-BOB", Duration.ZERO);
    assertThat(approve(fix, "U-CAROL", fix.digest()).exitCode()).isZero();
    JsonNode before = show(fix);

    CliRun again = approve(fix, "U-ALICE", fix.digest());

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(show(fix)).isEqualTo(before);
    assertThat(before.get("approval").get("by").asText()).isEqualTo("U-CAROL");
  }

  @Test
  void aTamperedStoreEntryIsNeverApproved() throws Exception {
    FixRecord fix = proposedBy("U-BOB", Duration.ZERO);
    Path file = state.resolve("fixes").resolve(fix.name() + ".json");
    Files.writeString(file, Files.readString(file).replace("10.0.5.20/32", "0.0.0.0/0"));

    CliRun run = approve(fix, "U-ALICE", fix.digest());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("digest").doesNotContain("Exception");
    assertThat(Files.readString(file)).contains("0.0.0.0/0").doesNotContain("APPROVED");
  }

  @Test
  void withoutAConfigurationTheLabsApproverIsDemoApprover() throws Exception {
    FixRecord fix = proposedBy("U-BOB", Duration.ZERO);

    CliRun alice =
        CliRun.of(
            "fix",
            "approve",
            fix.name(),
            "--digest",
            fix.digest(),
            "--as",
            "U-ALICE",
            "--lab",
            "--lab-name",
            lab,
            "--no-wait");
    CliRun demo =
        CliRun.of(
            "fix",
            "approve",
            fix.name(),
            "--digest",
            fix.digest(),
            "--as",
            "demo-approver",
            "--lab",
            "--lab-name",
            lab,
            "--no-wait");

    assertThat(alice.exitCode()).isEqualTo(FixCommand.REFUSED);
    assertThat(demo.exitCode()).as(demo.err()).isZero();
  }
}
