package io.peerfix.lab;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab built for one test under a unique name ({@code pft} + random), removed on {@link #close()}
 * even when the test fails. Probes run real programs inside the namespaces: {@code psql} for
 * connects (the server reports the client address it saw), {@code getent} for lookups.
 */
final class RunningLab implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

  final String name;
  final Scenario scenario;
  final AddressPlan plan;
  final LabLayout layout;
  final Lab lab;
  final LabState state;
  private final Netns netns = new Netns(new ProcessCommandRunner());

  private RunningLab(String name, Scenario scenario, String yaml, int nodes) {
    this.name = name;
    this.scenario = scenario;
    this.plan = new AddressPlan(scenario, nodes);
    this.layout = new LabLayout(name, nodes);
    this.lab = new Lab(new ProcessCommandRunner(), LabPaths.standard(), Clock.systemUTC());
    this.state = lab.up(name, scenario, yaml, nodes);
  }

  static RunningLab up(String builtIn) {
    Scenario scenario = ScenarioCatalog.builtIn(builtIn);
    return new RunningLab(
        uniqueName(), scenario, ScenarioCatalog.text(builtIn), scenario.cluster().nodes());
  }

  static String uniqueName() {
    StringBuilder name = new StringBuilder("pft");
    for (int i = 0; i < 6; i++) {
      name.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return name.toString();
  }

  String targetIp() {
    return scenario.peer().target().ip();
  }

  /** Connects from {@code member} to the target's address. */
  Connect connect(String member) {
    return connect(member, targetIp());
  }

  /** Connects with psql from {@code member} to {@code host} on the target's port. */
  Connect connect(String member, String host) {
    String conninfo =
        "host="
            + host
            + " port="
            + scenario.peer().target().port()
            + " user=postgres dbname=postgres connect_timeout=2 sslmode=disable";
    long start = System.nanoTime();
    CommandResult r =
        exec(member, "psql", conninfo, "-X", "-A", "-t", "-c", "select inet_client_addr()");
    long millis = (System.nanoTime() - start) / 1_000_000;
    return Connect.of(r, millis);
  }

  /** Runs {@code argv} in {@code member}'s namespace. */
  CommandResult exec(String member, String... argv) {
    return netns.exec(layout.namespaceOf(member), List.of(argv), PROBE_TIMEOUT);
  }

  /**
   * Packets counted by the filter-table rule of {@code member} whose text contains {@code text}.
   */
  long packets(String member, String text) {
    String save = exec(member, "iptables-save", "-c", "-t", "filter").orThrow().stdout();
    Pattern counted = Pattern.compile("^\\[(\\d+):\\d+\\] (.*)$", Pattern.MULTILINE);
    Matcher m = counted.matcher(save);
    while (m.find()) {
      if (m.group(2).contains(text)) {
        return Long.parseLong(m.group(1));
      }
    }
    throw new AssertionError("no rule containing '" + text + "' in " + member + ":\n" + save);
  }

  @Override
  public void close() {
    lab.down(name);
  }

  /** How a connect ended, as psql reported it. */
  enum Outcome {
    CONNECTED,
    TIMED_OUT,
    REFUSED,
    UNREACHABLE,
    NAME_NOT_RESOLVED,
    OTHER
  }

  /** A psql connect: the outcome, the client address the server saw, the time it took. */
  record Connect(Outcome outcome, String serverSawClient, long millis, String output) {
    static Connect of(CommandResult r, long millis) {
      String output = r.stdout().strip() + r.stderr().strip();
      if (r.ok()) {
        return new Connect(Outcome.CONNECTED, r.stdout().strip(), millis, output);
      }
      return new Connect(classify(r.stderr()), null, millis, output);
    }

    private static Outcome classify(String stderr) {
      if (stderr.contains("timeout expired")) {
        return Outcome.TIMED_OUT;
      }
      if (stderr.contains("Connection refused")) {
        return Outcome.REFUSED;
      }
      if (stderr.contains("No route to host")) {
        return Outcome.UNREACHABLE;
      }
      if (stderr.contains("could not translate host name")) {
        return Outcome.NAME_NOT_RESOLVED;
      }
      return Outcome.OTHER;
    }
  }
}
