package io.peerfix.lab;

import io.peerfix.common.UserInputException;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.lab.LabState.LabProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a lab from a scenario: records the plan first (so a crash leaves something {@code down}
 * can clean), creates every namespace in one {@code ip -batch}, wires the router (which creates all
 * veths, each end born in its namespace), then configures the members in parallel while PostgreSQL
 * and dnsmasq start.
 */
final class LabBuilder {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final int THREADS = 8;
  private static final Duration DAEMONS_READY = Duration.ofSeconds(20);
  private static final Duration DAEMON_READY_EACH = Duration.ofMillis(500);

  private final CommandRunner runner;
  private final Netns netns;
  private final LabPaths paths;
  private final LabStateStore store;
  private final Clock clock;

  /** iptables-restore's "line 7 failed" (legacy) and "Error occurred at line: 7" (nf_tables). */
  private static final Pattern RESTORE_LINE = Pattern.compile("line:? (\\d+)");

  /** The name an error quotes, e.g. Chain 'MASQUERAED' does not exist. */
  private static final Pattern RESTORE_QUOTED = Pattern.compile("[`']([^`'\\s]+)'");

  private static final Pattern RESTORE_NOISE =
      Pattern.compile("^(Error occurred at line|Try `iptables-restore)");

  private NatRulesLocation natRulesLocation;

  LabBuilder(CommandRunner runner, LabPaths paths, Clock clock) {
    this.runner = runner;
    this.netns = new Netns(runner);
    this.paths = paths;
    this.store = new LabStateStore(paths);
    this.clock = clock;
  }

  LabState build(Scenario scenario, String scenarioYaml, LabLayout layout) {
    natRulesLocation = NatRulesLocation.in(scenarioYaml);
    AddressPlan plan = new AddressPlan(scenario, layout.nodes());
    PostgresServer postgres = new PostgresServer(runner, paths.cacheDir());
    if (scenario.peer().target().listening()) {
      PostgresServer.binDir();
    }
    Path stateDir = prepareStateDir(layout.lab(), scenarioYaml);
    LabState state =
        new LabState(
            layout.lab(),
            scenario.name(),
            scenario.expect().known() ? scenario.expect().rootCause().name() : null,
            layout.nodes(),
            "building",
            clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
            layout.namespaces(),
            layout.resolvingNamespaces().stream()
                .map(ns -> paths.resolverDir(ns).toString())
                .toList(),
            List.of());
    store.write(state);

    List<LabProcess> processes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      // Copying PostgreSQL's data directory needs no namespace: start it before anything else.
      Future<?> dataDir =
          pool.submit(
              task(
                  () -> {
                    if (scenario.peer().target().listening()) {
                      postgres.prepareDataDir(pgdata(layout));
                    }
                  }));
      List<String> adds = layout.namespaces().stream().map(ns -> "netns add " + ns).toList();
      netns.batchAll(adds).orThrow();
      RouterConfig router = new RouterConfig(plan, layout);
      MemberConfig members = new MemberConfig(plan, layout);
      netns.batch(layout.router(), router.ipBatch());

      List<Future<?>> work = new ArrayList<>();
      Future<Long> pg =
          pool.submit(() -> target(layout, members, plan, postgres, stateDir, dataDir));
      Future<Long> dns =
          pool.submit(
              () -> {
                netns.batch(layout.dns(), members.dns());
                return DnsServer.start(layout.dns(), scenario, stateDir);
              });
      work.add(
          pool.submit(
              task(
                  () -> {
                    netns.sysctl(layout.router(), "net.ipv4.ip_forward=1");
                    restore(layout.router(), router.filterRules(), "router filter table");
                  })));
      for (int i = 1; i <= layout.nodes(); i++) {
        int node = i;
        work.add(pool.submit(task(() -> node(layout, members, node))));
      }
      work.add(pool.submit(task(() -> writeResolvers(layout, plan))));
      for (Future<?> f : work) {
        f.get();
      }
      // The members' daemons start while dnsmasq and PostgreSQL finish.
      List<LabProcess> daemons = MemberDaemons.start(layout, paths);
      processes.addAll(daemons);
      processes.addAll(FixAgents.start(layout, paths, plan));
      processes.add(new LabProcess("dns", "dnsmasq", dns.get()));
      Long pgPid = pg.get();
      if (pgPid != null) {
        processes.add(new LabProcess("target", "postgres", pgPid));
        PostgresServer.awaitReady(pgPid, pgdata(layout), stateDir.resolve("postgres.log"));
      }
      // Up means ready, as in a cluster whose agent and probe pods run: a diagnosis right after
      // up does not share the cores with 2N daemons still starting.
      Duration limit = DAEMONS_READY.plus(DAEMON_READY_EACH.multipliedBy(daemons.size()));
      for (String problem : MemberDaemons.awaitReady(daemons, layout.lab(), paths, limit)) {
        System.err.println(
            "peerfix: warning: "
                + problem
                + "; peerfix will start a JVM per request for that member instead");
      }
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the lab", e);
    } finally {
      pool.shutdownNow();
    }
    LabState up = state.withProcesses(processes).withStatus("up");
    store.write(up);
    return up;
  }

  private Long target(
      LabLayout layout,
      MemberConfig members,
      AddressPlan plan,
      PostgresServer pg,
      Path stateDir,
      Future<?> dataDir)
      throws InterruptedException, ExecutionException {
    netns.batch(layout.target(), members.target());
    restore(layout.target(), members.securityGroup(), "target security group");
    var target = plan.scenario().peer().target();
    dataDir.get();
    if (!target.listening()) {
      return null;
    }
    return pg.start(
        layout.target(),
        pgdata(layout),
        target.ip(),
        target.port(),
        stateDir.resolve("postgres.log"));
  }

  private void node(LabLayout layout, MemberConfig members, int i) {
    netns.batch(layout.node(i), members.node(i));
    netns.batch(layout.pod(i), members.pod(i));
    netns.sysctl(layout.node(i), "net.ipv4.ip_forward=1");
    CommandResult result = restoreResult(layout.node(i), members.natTable(i));
    if (!result.ok()) {
      throw new UserInputException(natRulesRejected(members, i, result.stderr()));
    }
  }

  /**
   * The kernel's refusal of node i's nat table, naming the line of the scenario file it came from
   * (iptables-restore counts lines of the table peerfix generated, which the user never sees).
   */
  private String natRulesRejected(MemberConfig members, int i, String stderr) {
    Matcher at = RESTORE_LINE.matcher(stderr);
    int index = at.find() ? members.natRulesIndex(i, Integer.parseInt(at.group(1))) : -1;
    Matcher quoted = RESTORE_QUOTED.matcher(stderr);
    if (index < 0 && quoted.find()) {
      index = members.natRulesIndexMentioning(i, quoted.group(1));
    }
    String where = index >= 0 ? natRulesLocation.describe(index) + ": " : "";
    String why =
        stderr
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !RESTORE_NOISE.matcher(l).find())
            .findFirst()
            .orElse("no reason given");
    return "the scenario's natRules were rejected by iptables-restore on node"
        + i
        + ": "
        + where
        + why;
  }

  private void writeResolvers(LabLayout layout, AddressPlan plan) {
    String conf = "nameserver " + plan.dnsIp() + "\noptions timeout:1 attempts:2\n";
    try {
      for (String ns : layout.resolvingNamespaces()) {
        Path dir = paths.resolverDir(ns);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("resolv.conf"), conf);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the lab's resolver files", e);
    }
  }

  private void restore(String ns, String rules, String what) {
    CommandResult result = restoreResult(ns, rules);
    if (!result.ok()) {
      throw new IllegalStateException(
          "iptables-restore of the " + what + " failed: " + result.describeFailure());
    }
  }

  private CommandResult restoreResult(String ns, String rules) {
    return netns.exec(ns, List.of("iptables-restore"), rules, TIMEOUT);
  }

  private Path pgdata(LabLayout layout) {
    return paths.dataDir(layout.lab()).resolve("pgdata");
  }

  private Path prepareStateDir(String lab, String scenarioYaml) {
    Path dir = paths.stateDir(lab);
    try {
      Files.createDirectories(dir);
      Path data = paths.dataDir(lab);
      Files.createDirectories(data);
      // postgres (not root) must traverse down to its data directory.
      for (Path p = data; p != null && p.startsWith(paths.dataRoot()); p = p.getParent()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Files.writeString(paths.scenarioFile(lab), scenarioYaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the lab's state directory " + dir, e);
    }
    return dir;
  }

  private static Callable<Void> task(Runnable r) {
    return () -> {
      r.run();
      return null;
    };
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException re) {
      return re;
    }
    return new IllegalStateException(cause);
  }
}
