package io.peerfix.lab;

import io.peerfix.common.CommandName;
import io.peerfix.common.UserInputException;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.lab.LabState.LabProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * peerfix's lab: builds a scenario on the real kernel in namespaces named after the lab, reports on
 * it, and removes it. {@link #up} on a lab that exists (complete or half-built) removes it first.
 */
public final class Lab {
  /** The lab name the command line uses unless told otherwise. */
  public static final String DEFAULT_NAME = "peerfix";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CommandRunner runner;
  private final LabPaths paths;
  private final Clock clock;
  private final AtomicInteger building = new AtomicInteger();
  private volatile boolean cancelled;

  public Lab(CommandRunner runner, LabPaths paths, Clock clock) {
    this.runner = runner;
    this.paths = paths;
    this.clock = clock;
  }

  /**
   * Builds {@code scenario} with {@code nodes} nodes as lab {@code name}; on failure removes what
   * it built and rethrows. After {@link #cancel} it builds nothing more: every further command of
   * the build fails, and the one who cancelled removes the lab.
   */
  public LabState up(String name, Scenario scenario, String scenarioYaml, int nodes) {
    checkNodeCount(scenario, nodes);
    LabLayout layout = new LabLayout(name, nodes);
    building.incrementAndGet();
    try {
      requireNotCancelled(name);
      down(name);
      return new LabBuilder(this::runUnlessCancelled, paths, clock)
          .build(scenario, scenarioYaml, layout);
    } catch (RuntimeException e) {
      if (cancelled) {
        throw new CancellationException("interrupted while building lab " + name);
      }
      try {
        down(name);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    } finally {
      building.decrementAndGet();
    }
  }

  /**
   * Stops any build in progress in this process (its further commands fail at once) and returns
   * whether one was in progress; the caller then removes the lab with {@link #down}.
   */
  public boolean cancel() {
    cancelled = true;
    return building.get() > 0;
  }

  /** Waits up to {@code limit} for builds in progress to give up after {@link #cancel}. */
  public void awaitBuildsStopped(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (building.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private CommandResult runUnlessCancelled(List<String> argv, String stdin, Duration timeout) {
    if (cancelled) {
      return new CommandResult(argv, -1, "", "not started: the lab is being removed", false);
    }
    return runner.run(argv, stdin, timeout);
  }

  private void requireNotCancelled(String name) {
    if (cancelled) {
      throw new CancellationException("interrupted before building lab " + name);
    }
  }

  /** Fails with a message naming {@code --nodes} when {@code nodes} cannot be built. */
  public static void checkNodeCount(Scenario scenario, int nodes) {
    String problem = ScenarioChecks.nodeCountProblem(nodes, scenario.cluster().podCidr());
    if (problem != null) {
      throw new UserInputException("--nodes: " + problem);
    }
  }

  /** Why lab {@code name} cannot be used: it is not up, and the command that builds it. */
  public static UserInputException notUp(String name) {
    return new UserInputException(
        "lab '"
            + name
            + "' is not up; start it with: "
            + CommandName.line("lab up --scenario NAME" + nameOption(name)));
  }

  /** {@code " --name NAME"}, or nothing for the default lab: for commands printed to the user. */
  public static String nameOption(String name) {
    return name.equals(DEFAULT_NAME) ? "" : " --name " + name;
  }

  /**
   * Removes lab {@code name} and everything it made; returns the number of namespaces removed. One
   * removal at a time per {@code Lab}, so a signal's teardown and a failed build's never
   * interleave.
   */
  public synchronized int down(String name) {
    LabLayout.checkName(name);
    return new LabTeardown(runner, paths).remove(name);
  }

  /** The recorded state of lab {@code name}, if it was built (or is being built). */
  public Optional<LabState> state(String name) {
    LabLayout.checkName(name);
    return new LabStateStore(paths).read(name);
  }

  /** The scenario lab {@code name} was built from, or empty when it is not up. */
  public Optional<Scenario> scenario(String name) {
    return state(name).map(s -> ScenarioLoader.fromFile(paths.scenarioFile(name)));
  }

  /** The running lab's nodes, as the Kubernetes API would list them. */
  public LabNodeDirectory nodeDirectory(String name) {
    return new LabNodeDirectory(name, runningScenario(name), runningState(name).nodes());
  }

  /** The running lab's AWS account, as EC2 and RDS would describe it. */
  public LabAwsNetworkReader awsNetworkReader(String name) {
    return new LabAwsNetworkReader(runningScenario(name), runningState(name).nodes());
  }

  /**
   * Probes from the running lab's pods, through each pod's daemon (or {@code peerfix probe} in the
   * pod's namespace when the daemon does not answer, with a warning on stderr).
   */
  public LabPodProber podProber(String name) {
    return podProber(name, w -> System.err.println("peerfix: warning: " + w));
  }

  /** As {@link #podProber(String)}, with fallback warnings given to {@code warnings}. */
  public LabPodProber podProber(String name, Consumer<String> warnings) {
    LabState state = runningState(name);
    return new LabPodProber(
        new LabLayout(name, state.nodes()), runner, memberClient(state), warnings);
  }

  /**
   * The running lab's agent facts, through each node's daemon (or {@code peerfix agent facts} in
   * the node's namespace when the daemon does not answer, with a warning in the facts).
   */
  public LabNodeFactsReader nodeFactsReader(String name) {
    LabState state = runningState(name);
    return new LabNodeFactsReader(new LabLayout(name, state.nodes()), runner, memberClient(state));
  }

  private MemberClient memberClient(LabState state) {
    Map<String, Long> pids = new HashMap<>();
    for (LabProcess p : state.processes()) {
      if (p.program().equals(MemberDaemons.PROGRAM)) {
        pids.put(p.member(), p.pid());
      }
    }
    return new MemberClient(paths, state.name(), pids);
  }

  private Scenario runningScenario(String name) {
    runningState(name);
    return ScenarioLoader.fromFile(paths.scenarioFile(name));
  }

  private LabState runningState(String name) {
    return state(name).orElseThrow(() -> notUp(name));
  }

  /** What the kernel says about each member of lab {@code name}; empty when it is not up. */
  public Optional<LabStatus> status(String name) {
    return state(name).map(this::inspect);
  }

  /** The namespace of {@code member} in the running lab {@code name}. */
  public String namespaceOf(String name, String member) {
    LabState state = state(name).orElseThrow(() -> notUp(name));
    return new LabLayout(name, state.nodes()).namespaceOf(member);
  }

  private LabStatus inspect(LabState state) {
    LabLayout layout = new LabLayout(state.name(), state.nodes());
    Set<String> existing = Set.copyOf(new Netns(runner).list());
    NamespaceProcesses inLab =
        NamespaceProcesses.of(layout.namespaces().stream().filter(existing::contains).toList());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<LabStatus.Member>> members = new ArrayList<>();
      for (String member : layout.members()) {
        String ns = layout.namespaceOf(member);
        members.add(
            CompletableFuture.supplyAsync(
                () -> member(state, member, ns, existing.contains(ns), inLab), pool));
      }
      return new LabStatus(state, members.stream().map(CompletableFuture::join).toList());
    } finally {
      pool.shutdownNow();
    }
  }

  private LabStatus.Member member(
      LabState state, String member, String ns, boolean exists, NamespaceProcesses inside) {
    List<String> addresses = exists ? addresses(ns) : List.of();
    List<LabStatus.Program> programs = new ArrayList<>();
    for (LabProcess p : state.processes()) {
      if (p.member().equals(member)) {
        programs.add(
            new LabStatus.Program(
                p.program(), p.pid(), inside.contains(p.pid()) && Daemons.alive(p.pid())));
      }
    }
    return new LabStatus.Member(member, ns, exists, addresses, programs);
  }

  private List<String> addresses(String ns) {
    var result = runner.run(List.of("ip", "-n", ns, "-o", "-4", "addr", "show"), TIMEOUT);
    List<String> out = new ArrayList<>();
    for (String line : result.stdout().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 3 && f[2].equals("inet") && !f[1].equals("lo")) {
        out.add(f[1] + " " + f[3]);
      }
    }
    return out;
  }
}
