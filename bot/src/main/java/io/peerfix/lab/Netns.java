package io.peerfix.lab;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Linux network namespaces through {@code ip}: create, wire, run inside, remove.
 *
 * <p>Every command runs as an argv list with a timeout. Nothing here creates a link into the root
 * namespace: veth pairs are always created with both ends placed in named namespaces.
 */
public final class Netns {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CommandRunner runner;

  public Netns(CommandRunner runner) {
    this.runner = runner;
  }

  /** Creates namespace {@code name} with its loopback up. */
  public void add(String name) {
    ip("netns", "add", name);
    ip("-n", name, "link", "set", "lo", "up");
  }

  /** Removes namespace {@code name}; a namespace that is already gone is not an error. */
  public void delete(String name) {
    runner.run(List.of("ip", "netns", "delete", name), TIMEOUT);
  }

  /** Names of all network namespaces on this machine. */
  public List<String> list() {
    String out = runner.run(List.of("ip", "netns", "list"), TIMEOUT).orThrow().stdout();
    List<String> names = new ArrayList<>();
    for (String line : out.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty()) {
        names.add(trimmed.split("\\s+")[0]);
      }
    }
    return names;
  }

  /**
   * Creates a veth pair whose ends are born inside {@code nsA} and {@code nsB}, so that neither end
   * ever exists in the root namespace.
   */
  public void veth(String nsA, String ifA, String nsB, String ifB) {
    ip("-n", nsA, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", nsB);
  }

  /** Runs {@code ip -n NS ARGS...} and fails with the command's own error if it fails. */
  public void ipIn(String ns, String... args) {
    List<String> argv = new ArrayList<>(List.of("ip", "-n", ns));
    argv.addAll(Arrays.asList(args));
    runner.run(argv, TIMEOUT).orThrow();
  }

  /**
   * Runs {@code ip -n NS -batch -} with {@code lines} on its standard input: one process for many
   * changes, which is what keeps a 20-node lab fast to build.
   */
  public void batch(String ns, List<String> lines) {
    List<String> argv = List.of("ip", "-n", ns, "-batch", "-");
    runner.run(argv, String.join("\n", lines) + "\n", TIMEOUT).orThrow();
  }

  /**
   * Runs {@code ip -force -batch -} in the caller's namespace with {@code lines}, going on past a
   * failing line (e.g. deleting a namespace that is already gone); returns what it did.
   */
  public CommandResult batchAll(List<String> lines) {
    List<String> argv = List.of("ip", "-force", "-batch", "-");
    return runner.run(argv, String.join("\n", lines) + "\n", TIMEOUT);
  }

  /** Runs {@code argv} inside namespace {@code ns} and returns what it did. */
  public CommandResult exec(String ns, List<String> argv, String stdin, Duration timeout) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(argv);
    return runner.run(full, stdin, timeout);
  }

  public CommandResult exec(String ns, List<String> argv, Duration timeout) {
    return exec(ns, argv, "", timeout);
  }

  /** Sets a sysctl inside {@code ns}, e.g. {@code net.ipv4.ip_forward=1}. */
  public void sysctl(String ns, String assignment) {
    exec(ns, List.of("sysctl", "-q", "-w", assignment), TIMEOUT).orThrow();
  }

  private void ip(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(Arrays.asList(args));
    runner.run(argv, TIMEOUT).orThrow();
  }
}
