package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.diagnosis.ProbeView;
import io.peerfix.orchestration.DiagnosisRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosisBlocksTest {
  private static int total(MessageContent m) {
    return m.blocks().stream().mapToInt(SlackLimits::textLength).sum();
  }

  @Test
  void theResultStaysWithinSlacksLimits() {
    MessageContent m = DiagnosisBlocks.result(FakeDiagnoses.seedIncident(), "U1");

    assertThat(m.blocks().size()).isLessThanOrEqualTo(SlackLimits.MAX_BLOCKS);
    assertThat(total(m)).isLessThanOrEqualTo(SlackLimits.MAX_MESSAGE_TEXT);
    assertThat(m.text()).startsWith("orders: POD_SOURCE_NOT_MASQUERADED");
  }

  @Test
  void aThousandNodesAreSummarisedInTheMessageAndTabledInTheThreadWithinLimits() {
    DiagnosisRun seed = FakeDiagnoses.seedIncident();
    NodeVerdict one = seed.diagnosis().nodes().get(0);
    List<NodeVerdict> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(
          new NodeVerdict(
              "ip-10-1-" + i + ".ec2.internal",
              i % 7 == 0 ? ProbeView.CONNECTED : one.podProbe(),
              one.podProbeNode(),
              1,
              one.hostProbe(),
              one.podSource(),
              one.sourceAfterNat(),
              one.natAction(),
              one.natDecidingRule() + (i % 3),
              one.podPath(),
              one.hostPath()));
    }
    Diagnosis d = seed.diagnosis();
    DiagnosisRun big =
        new DiagnosisRun(
            new Diagnosis(
                d.id(), d.target(), d.rootCause(), d.confidence(), d.evidence(), many, d.fixes()),
            seed.observations(),
            seed.started(),
            seed.collecting(),
            seed.total());

    MessageContent message = DiagnosisBlocks.result(big, "U1");
    List<MessageContent> thread = DiagnosisBlocks.details(big);

    assertThat(total(message)).isLessThanOrEqualTo(SlackLimits.MAX_MESSAGE_TEXT);
    assertThat(thread)
        .allSatisfy(
            m -> {
              assertThat(m.blocks().size()).isLessThanOrEqualTo(SlackLimits.MAX_BLOCKS);
              assertThat(total(m)).isLessThanOrEqualTo(SlackLimits.MAX_MESSAGE_TEXT);
              m.blocks()
                  .forEach(
                      b ->
                          assertThat(SlackLimits.textLength(b))
                              .isLessThanOrEqualTo(SlackLimits.MAX_SECTION_TEXT));
            });
    long tableLines =
        thread.stream()
            .flatMap(m -> m.blocks().stream())
            .mapToLong(b -> text(b).lines().filter(l -> l.contains(".ec2.internal")).count())
            .sum();
    assertThat(tableLines).isEqualTo(1000);
  }

  @Test
  void fitCutsWithAnEllipsisAndClosesACodeBlockItOpens() {
    String cut = SlackLimits.fit("```" + "x".repeat(5000) + "```", 3000);

    assertThat(cut).hasSizeLessThanOrEqualTo(3000).endsWith("…\n```");
    assertThat(SlackLimits.fit("short", 3000)).isEqualTo("short");
  }

  @Test
  void blocksBeyondTheBudgetAreLeftOutWithANoteSayingWhere() {
    List<LayoutBlock> blocks = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      blocks.add(SlackLimits.markdown("block " + i));
    }

    MessageContent m = SlackLimits.message("t", blocks, "more in the thread");

    assertThat(m.blocks()).hasSize(SlackLimits.MAX_BLOCKS);
    assertThat(text(m.blocks().get(SlackLimits.MAX_BLOCKS - 1))).isEqualTo("more in the thread");
  }

  private static String text(LayoutBlock b) {
    if (b instanceof SectionBlock s && s.getText() instanceof MarkdownTextObject t) {
      return t.getText();
    }
    if (b instanceof com.slack.api.model.block.ContextBlock c) {
      return ((MarkdownTextObject) c.getElements().get(0)).getText();
    }
    return "";
  }
}
