package io.peerfix.cli;

import picocli.CommandLine.Command;

/** {@code peerfix nat}: questions about a node's nat table. */
@Command(
    name = "nat",
    mixinStandardHelpOptions = true,
    description = "Explain what a nat table does to a packet.",
    subcommands = {NatExplainCommand.class})
final class NatCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }
}
