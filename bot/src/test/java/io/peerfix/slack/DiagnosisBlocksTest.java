package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
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
    DiagnosisRun big = FakeDiagnoses.withNodes(1000);

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
  void aThousandNodesTableGoesToAFileAndTheThreadSaysWhere() {
    DiagnosisBlocks.ThreadContent thread = DiagnosisBlocks.thread(FakeDiagnoses.withNodes(1000));

    DiagnosisBlocks.TextFile file = thread.file().orElseThrow();
    assertThat(file.filename()).isEqualTo("orders-nodes.txt");
    assertThat(file.content().lines().filter(l -> l.contains(".ec2.internal"))).hasSize(1000);
    assertThat(thread.replies())
        .allSatisfy(m -> assertThat(m.blocks().size()).isLessThanOrEqualTo(SlackLimits.MAX_BLOCKS));
    String replies =
        String.join(
            "\n",
            thread.replies().stream().flatMap(m -> m.blocks().stream()).map(b -> text(b)).toList());
    assertThat(replies).doesNotContain(".ec2.internal").contains("orders-nodes.txt");
    assertThat(
            thread.tableReplies().stream()
                .flatMap(m -> m.blocks().stream())
                .mapToLong(b -> text(b).lines().filter(l -> l.contains(".ec2.internal")).count())
                .sum())
        .isEqualTo(1000);
  }

  @Test
  void aTableOfAHundredNodesStaysInTheThreadsMessages() {
    DiagnosisBlocks.ThreadContent thread = DiagnosisBlocks.thread(FakeDiagnoses.withNodes(100));

    assertThat(thread.file()).isEmpty();
    assertThat(
            thread.replies().stream()
                .flatMap(m -> m.blocks().stream())
                .mapToLong(b -> text(b).lines().filter(l -> l.contains(".ec2.internal")).count())
                .sum())
        .isEqualTo(100);
  }

  @Test
  void aLongExplainTraceIsSplitIntoSectionsWithinTheLimitAndKeepsEveryLine() {
    StringBuilder trace = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      trace.append("rule ").append(i).append(": -A POSTROUTING -d 10.0.").append(i % 250);
      trace.append(".0/24 -j RETURN  (no match: destination)\n");
    }

    List<LayoutBlock> sections = ExplainModal.trace(trace.toString().strip());

    assertThat(sections)
        .hasSizeGreaterThan(1)
        .hasSizeLessThanOrEqualTo(ExplainModal.TRACE_SECTIONS);
    assertThat(sections)
        .allSatisfy(
            b ->
                assertThat(SlackLimits.textLength(b))
                    .isLessThanOrEqualTo(SlackLimits.MAX_SECTION_TEXT));
    String joined = String.join("\n", sections.stream().map(b -> text(b)).toList());
    assertThat(joined.lines().filter(l -> l.contains("(no match: destination)"))).hasSize(600);
  }

  @Test
  void aTraceBeyondTheModalsRoomEndsWithWhereToReadItWhole() {
    String huge = ("x".repeat(100) + "\n").repeat(5000);

    List<LayoutBlock> sections = ExplainModal.trace(huge);

    assertThat(sections).hasSize(ExplainModal.TRACE_SECTIONS);
    assertThat(text(sections.get(sections.size() - 1))).contains("peerfix nat explain");
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
