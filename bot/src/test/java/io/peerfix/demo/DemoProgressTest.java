package io.peerfix.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.orchestration.DiagnosisEvent;
import io.peerfix.orchestration.DiagnosisRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DemoProgressTest {
  private static String said(DiagnosisEvent event) {
    StringWriter text = new StringWriter();
    PrintWriter writer = new PrintWriter(text);
    new DemoProgress(new DemoOut(writer)).on(event);
    writer.flush();
    return text.toString().strip();
  }

  @Test
  void theNodesListedLineCountsItsNouns() {
    assertThat(said(new DiagnosisEvent.NodesListed(1, 1, DiagnosisRunner.ProbePlan.EVERY_NODE)))
        .isEqualTo("... 1 node listed, 1 pod probe launched");
    assertThat(said(new DiagnosisEvent.NodesListed(3, 2, DiagnosisRunner.ProbePlan.EVERY_NODE)))
        .isEqualTo("... 3 nodes listed, 2 pod probes launched");
  }
}
