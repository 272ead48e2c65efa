package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.fix.Actor;
import io.peerfix.fix.Approvals;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlackTranscriptTest {

  @Test
  void theDiagnosisMessageReadsAsTextWithoutSlacksMarks() {
    List<String> lines =
        SlackTranscript.diagnosisMessage(FakeDiagnoses.seedIncident(), "U1", Optional.empty());

    assertThat(lines.get(0)).isEqualTo("(X) orders: POD_SOURCE_NOT_MASQUERADED");
    assertThat(lines.get(1)).isEqualTo("=".repeat(lines.get(0).length()));
    assertThat(lines).contains("Evidence", "Nodes");
    assertThat(lines).noneMatch(l -> l.contains("<@") || l.contains("```"));
    assertThat(lines.get(lines.size() - 1)).startsWith("(asked by @U1 · ");
  }

  @Test
  void theProposalShowsItsRulesIndentedAndTheButtonsWithTheConfirmText() {
    FixRecord proposal = FixFixtures.proposal();

    List<String> lines = SlackTranscript.lines(FixBlocks.proposal(proposal));

    assertThat(lines.get(0))
        .startsWith("Node fix `" + proposal.name() + "` for ")
        .contains("(digest `" + proposal.shortDigest() + "`");
    assertThat(lines).contains("    " + FixBlocks.rules(proposal), "[ Approve ]  [ Dismiss ]");
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith("  Approve asks first: \"Approve the node fix? Apply `")
                    && l.contains(" (canary first)?\""));
  }

  @Test
  void theStatusNamesTheApproverAndEachNodesState() {
    FixRecord proposal = FixFixtures.proposal();
    FixRecord fix =
        Approvals.approve(
                proposal,
                Actor.user("U-ALICE"),
                proposal.digest(),
                FixFixtures.T0,
                FixFixtures.POLICY)
            .record();
    NodeStatus applied =
        new NodeStatus(
            fix.name(),
            "node-1",
            NodeFixState.APPLIED,
            fix.digest(),
            Optional.empty(),
            "",
            "why",
            0,
            FixFixtures.T0);

    List<String> lines = SlackTranscript.fixStatus(fix, List.of(applied));

    assertThat(lines)
        .contains(
            "(v) Approved by @U-ALICE at 2026-12-01 10:00 UTC",
            "State: " + FixBlocks.stateWords(FixState.APPROVED),
            "• APPLIED: 1 (node-1)");
  }
}
