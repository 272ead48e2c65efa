package io.peerfix.agent;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code peerfix agent}: what the per-node agent does (facts today). */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "The per-node agent: report this node's network facts.",
    subcommands = {FactsCommand.class})
public final class AgentCommand implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
