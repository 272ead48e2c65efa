package io.peerfix.slack;

import io.peerfix.orchestration.DiagnosisEvent;
import io.peerfix.orchestration.DiagnosisListener;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Turns a diagnosis runner's events into the live message's progress: the nodes listed, how many
 * nat tables were read and probes answered of how many, and the cause the model predicts before the
 * probes end. Each event shows the new progress at once; {@link LiveMessage} coalesces what Slack
 * sees to about one update a second, so this stays quick on the runner's thread. The final result
 * is not shown here: the job shows it when the run returns.
 */
final class ProgressListener implements DiagnosisListener {
  private final Consumer<MessageContent> show;
  private DiagnosisProgress progress;
  private int nodes = -1;
  private int probes;
  private int factsRead;
  private int answered;

  ProgressListener(DiagnosisProgress started, Consumer<MessageContent> show) {
    this.progress = started;
    this.show = show;
  }

  /** The progress as the events so far tell it. */
  DiagnosisProgress progress() {
    return progress;
  }

  @Override
  public void on(DiagnosisEvent event) {
    if (event instanceof DiagnosisEvent.Started) {
      progress = progress.at("listing the nodes…");
    } else if (event instanceof DiagnosisEvent.NodesListed n) {
      nodes = n.nodes();
      probes = n.probes();
      progress = progress.at(stage());
    } else if (event instanceof DiagnosisEvent.FactsRead f) {
      factsRead = f.read();
      progress = progress.at(stage());
    } else if (event instanceof DiagnosisEvent.ProbeAnswered p) {
      answered = p.answered();
      probes = p.of();
      progress = progress.at(stage());
    } else if (event instanceof DiagnosisEvent.Predicted p) {
      progress = progress.predicting(p.cause());
    } else {
      return; // the AWS view, warnings and the end change nothing the message shows
    }
    show.accept(DiagnosisBlocks.progress(progress));
  }

  private String stage() {
    return String.format(
        Locale.ROOT,
        "%d %s listed · nat tables read: %d of %d · pod probes answered: %d of %d",
        nodes,
        nodes == 1 ? "node" : "nodes",
        factsRead,
        nodes,
        answered,
        probes);
  }
}
