package io.peerfix.demo;

import io.peerfix.common.Counted;
import io.peerfix.orchestration.DiagnosisEvent;
import io.peerfix.orchestration.DiagnosisListener;

/**
 * A diagnosis' progress as the bot's live message would show it, one line per step: the nodes
 * listed and the probes launched, each probe's answer as it arrives, the cause the model predicts
 * before the last probe answers.
 */
final class DemoProgress implements DiagnosisListener {
  private final DemoOut out;

  DemoProgress(DemoOut out) {
    this.out = out;
  }

  @Override
  public void on(DiagnosisEvent event) {
    if (event instanceof DiagnosisEvent.NodesListed n) {
      out.say(
          "   ... %s listed, %s launched",
          Counted.of(n.nodes(), "node"), Counted.of(n.probes(), "pod probe"));
    } else if (event instanceof DiagnosisEvent.ProbeAnswered p) {
      out.say(
          "   ... probe %d of %d answered on %s: %s",
          p.answered(),
          p.of(),
          p.node().name(),
          p.result().map(r -> r.reachable() ? "connected" : "no connection").orElse("failed"));
    } else if (event instanceof DiagnosisEvent.Predicted p) {
      out.say("   ... likely cause from the nat tables and the AWS view: %s", p.cause().name());
    } else if (event instanceof DiagnosisEvent.Warned w) {
      out.say("   ... warning: %s", w.problem());
    }
  }
}
