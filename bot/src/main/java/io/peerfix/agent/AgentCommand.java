package io.peerfix.agent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code peerfix agent}: what the per-node agent does (facts today). */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description =
        "The per-node agent: report this node's network facts and keep its approved fixes.",
    subcommands = {FactsCommand.class, ServeCommand.class, RunCommand.class})
public final class AgentCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
