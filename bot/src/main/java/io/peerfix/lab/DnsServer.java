package io.peerfix.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's resolver: dnsmasq in the dns namespace, answering only the target's host name, with its
 * private address, its public address or NXDOMAIN as the scenario says. No upstream, no hosts file.
 */
final class DnsServer {
  private DnsServer() {}

  /** dnsmasq's argv (without the namespace wrapper). */
  static List<String> argv(Scenario scenario, Path pidFile) {
    var target = scenario.peer().target();
    List<String> argv =
        new ArrayList<>(
            List.of(
                "dnsmasq",
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--no-resolv",
                "--no-hosts",
                "--bind-interfaces",
                "--listen-address=" + scenario.dns().serverIp(),
                "--pid-file=" + pidFile,
                "--log-facility=-",
                "--log-queries"));
    switch (scenario.dns().answer()) {
      case PRIVATE -> argv.add("--address=/" + target.host() + "/" + target.ip());
      case PUBLIC -> argv.add("--address=/" + target.host() + "/" + target.publicIp());
      case NXDOMAIN -> argv.add("--address=/" + target.host() + "/");
    }
    return argv;
  }

  /** Starts dnsmasq in {@code namespace} and returns its pid once it serves. */
  static long start(String namespace, Scenario scenario, Path stateDir) {
    Path log = stateDir.resolve("dnsmasq.log");
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(argv(scenario, stateDir.resolve("dnsmasq.pid")));
    long pid = Daemons.start(full, log);
    Daemons.awaitReady(
        "dnsmasq", pid, log, () -> logSays(log, "started, version"), Duration.ofSeconds(10));
    return pid;
  }

  private static boolean logSays(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }
}
