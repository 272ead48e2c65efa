package io.peerfix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code peerfix serve}'s own mistakes, refused before any setting is read or anything starts. */
class ServeCommandTest {
  @Test
  void neitherLabNorConfigSaysWhatToServe() {
    CliRun run = CliRun.of("serve");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--config FILE", "--lab");
  }

  @Test
  void labAndConfigTogetherAreRefused() {
    CliRun run = CliRun.of("serve", "--lab", "--config", "peerfix.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("either --lab or --config FILE, not both");
  }

  @Test
  void aKubeconfigWithoutConfigIsRefused() {
    CliRun run = CliRun.of("serve", "--lab", "--kubeconfig", "kube.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--kubeconfig goes with --config FILE");
  }

  @Test
  void anApproverThatIsNotASlackUserIdIsRefused() {
    CliRun run = CliRun.of("serve", "--lab", "--approver", "alice");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--approver alice is not a Slack user id");
  }
}
