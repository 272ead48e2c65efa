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
  void aKubeconfigWithoutConfigIsRefused() {
    CliRun run = CliRun.of("serve", "--lab", "--kubeconfig", "kube.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--kubeconfig goes with --config FILE, for a cluster");
  }
}
