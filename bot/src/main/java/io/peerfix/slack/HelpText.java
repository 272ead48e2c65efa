package io.peerfix.slack;

import io.peerfix.slack.command.CommandParser;

/** The answer to {@code /peerfix help}: every subcommand with its usage, one line each. */
final class HelpText {
  private HelpText() {}

  static String text() {
    return "*peerfix* finds why pods cannot reach a database in a peered VPC, and fixes it.\n"
        + line("diagnose", "probe TARGET from pods and nodes and name the root cause")
        + line("targets", "list the targets peerfix knows")
        + line("fixes", "list node fixes and their state")
        + line("revert", "remove a node fix from every node")
        + line("explain", "paste a nat table and see what it does to a packet")
        + line("schedules", "list the scheduled watches, their next run and last result")
        + line("help", "this list");
  }

  private static String line(String sub, String what) {
    return "• `" + CommandParser.usage(sub) + "`: " + what + "\n";
  }
}
