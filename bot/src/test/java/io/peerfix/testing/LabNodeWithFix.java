package io.peerfix.testing;

import io.peerfix.agent.IptablesBackend;
import io.peerfix.agent.reconcile.FixAgent;
import io.peerfix.agent.reconcile.IptablesNatTable;
import io.peerfix.agent.reconcile.NatReconciler;
import io.peerfix.agent.reconcile.NodeInspector;
import io.peerfix.agent.reconcile.NodeLock;
import io.peerfix.agent.reconcile.TableStamps;
import io.peerfix.approval.FixGuard;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fix.Actor;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixNodeGroup;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fixstore.LabFixStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A lab node for the agent's tests, on the real kernel: a network namespace built like a kubenet
 * node (eth0 172.20.1.10/16, cbr0 10.244.1.1/24) holding a nat table (by default kubelet's old
 * masquerade rule), an xtables lock file, and optionally a fix store in which the seed incident's
 * fix is proposed by U-BOB and approved by U-ALICE ({@link #approve}). What varies (back end,
 * table, kubelet's hint, store, clock, policy) is set on the {@link Builder}.
 *
 * <p>{@link #close} deletes the namespace and the lock file; a failed build removes what it built,
 * and a shutdown hook closes any node still open when the JVM stops (a run interrupted mid-test).
 */
public final class LabNodeWithFix implements AutoCloseable {
  /** The node's name, as its agent knows it. */
  public static final String NODE = "ip-172-20-1-10";

  /** The nat table before any fix: kubelet's rule masquerades everything outside 10.0.0.0/8. */
  public static final String KUBELET_TABLE =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
          + ":POSTROUTING ACCEPT [0:0]\n"
          + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\nCOMMIT\n";

  private static final Set<LabNodeWithFix> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(LabNodeWithFix::close)));
  }

  private final Builder spec;
  private final TempNamespace ns;
  private final Path lock;
  private final List<List<String>> ran = new CopyOnWriteArrayList<>();

  private LabNodeWithFix(Builder spec, TempNamespace ns, Path lock) {
    this.spec = spec;
    this.ns = ns;
    this.lock = lock;
  }

  public static Builder builder() {
    return new Builder();
  }

  public TempNamespace ns() {
    return ns;
  }

  public IptablesBackend backend() {
    return spec.backend;
  }

  /** The node's xtables lock file (the agent's {@code --lock-file}). */
  public Path lock() {
    return lock;
  }

  /** The fix store set on the builder. */
  public FixStore store() {
    if (spec.store == null) {
      throw new IllegalStateException("this lab node was built without a fix store");
    }
    return spec.store;
  }

  /** The iptables program of the node's back end: {@code iptables-nft} + {@code suffix}. */
  public String program(String suffix) {
    return (spec.backend == IptablesBackend.LEGACY ? "iptables-legacy" : "iptables-nft") + suffix;
  }

  /** Runs {@code argv} inside the node (not recorded) and fails the test if it fails. */
  public String execOk(String stdin, String... argv) {
    return ns.execOk(stdin, argv);
  }

  /** The node's nat table as {@code iptables-save -t nat} prints it. */
  public String nat() {
    return execOk("", program("-save"), "-t", "nat");
  }

  /** Runs commands inside the node, recording every argv in {@link #ran}. */
  public CommandRunner inside() {
    return (argv, stdin, timeout) -> {
      ran.add(argv);
      return ns.exec(argv, stdin, timeout);
    };
  }

  /** Every argv run through {@link #inside}, in order (the test may clear it). */
  public List<List<String>> ran() {
    return ran;
  }

  /** The seed incident's fix (or one with {@code rule}) for this node alone, approved. */
  public FixRecord approve(NatRule rule) {
    return approve(rule, NodeSelector.all(), NODE);
  }

  /**
   * A fix with {@code rule} for {@code nodes} (one group), proposed by U-BOB under {@code selector}
   * and approved by U-ALICE with the digest shown, through the one approval guard.
   */
  public FixRecord approve(NatRule rule, NodeSelector selector, String... nodes) {
    FixRecord proposed = propose(rule, selector, nodes);
    return guard().approve(proposed.name(), Actor.user("U-ALICE"), proposed.digest()).record();
  }

  /** A fix with {@code rule} for {@code nodes}, proposed by U-BOB and not approved. */
  public FixRecord propose(NatRule rule, NodeSelector selector, String... nodes) {
    return guard()
        .propose(nodeFix(rule, nodes), selector, FixFixtures.ALLOWED, Actor.user("U-BOB"))
        .record();
  }

  private FixGuard guard() {
    return new FixGuard(store(), spec.policy, spec.clock);
  }

  /** The seed incident's node fix with {@code rule}, one fingerprint group of {@code nodes}. */
  public static NodeFix nodeFix(NatRule rule, String... nodes) {
    return NodeFix.of(
        "rds-prod", "diag-1", List.of(rule), List.of(new FixNodeGroup("fp-a", List.of(nodes))));
  }

  /** What this node's agent reported for {@code fix}. */
  public NodeStatus status(FixRecord fix) {
    return store().nodeStatuses(fix.name()).stream()
        .filter(s -> s.node().equals(NODE))
        .findFirst()
        .orElseThrow();
  }

  /** The agent's reconciler without the kernel's stamps (it lists the chains at every probe). */
  public NatReconciler reconciler(CommandRunner inside) {
    return reconciler(inside, TableStamps.none("no stamps asked for"));
  }

  /** The agent's reconciler through {@code inside} on the lock file, seeing changes by stamps. */
  public NatReconciler reconciler(CommandRunner inside, TableStamps stamps) {
    return new NatReconciler(
        new IptablesNatTable(inside, spec.backend), new NodeLock(lock), spec.clock, stamps);
  }

  /**
   * The fix agent of this node on the store, with {@code reconciler}, inspecting through inside.
   */
  public FixAgent agent(CommandRunner inside, NatReconciler reconciler, boolean dryRun) {
    return new FixAgent(
        new FixAgent.Wiring(
            NODE,
            Map::of,
            store(),
            reconciler,
            new NodeInspector(inside),
            Optional.empty(),
            spec.clock,
            dryRun));
  }

  /** A kubenet node's interfaces in {@code ns}: eth0 172.20.1.10/16 (veth), cbr0 10.244.1.1/24. */
  public static void kubenetInterfaces(TempNamespace ns) {
    ns.vethPair("eth0", "vpc0");
    ns.ip("addr", "add", "172.20.1.10/16", "dev", "eth0");
    ns.ip("link", "add", "cbr0", "type", "bridge");
    ns.ip("addr", "add", "10.244.1.1/24", "dev", "cbr0");
    ns.ip("link", "set", "cbr0", "up");
  }

  @Override
  public void close() {
    if (!OPEN.remove(this)) {
      return;
    }
    try {
      ns.close();
    } finally {
      try {
        Files.deleteIfExists(lock);
      } catch (IOException e) {
        // A temporary file left behind is harmless; the namespace is what must go.
      }
    }
  }

  /** What varies between lab nodes; every setting has the seed incident's default. */
  public static final class Builder {
    private IptablesBackend backend = IptablesBackend.NFT;
    private String table = KUBELET_TABLE;
    private Duration restoreTimeout = Duration.ofSeconds(10);
    private boolean kubeletHint;
    private FixStore store;
    private Clock clock = Clock.systemUTC();
    private ApprovalPolicy policy = FixFixtures.POLICY;

    private Builder() {}

    public Builder backend(IptablesBackend value) {
      backend = value;
      return this;
    }

    /** The back end by the name its programs carry: {@code nft} or {@code legacy}. */
    public Builder backend(String programSuffix) {
      return backend(programSuffix.equals("legacy") ? IptablesBackend.LEGACY : IptablesBackend.NFT);
    }

    /**
     * The nat table the node starts with, restored within {@code timeout} (a large one is slow).
     */
    public Builder table(String natTable, Duration timeout) {
      table = natTable;
      restoreTimeout = timeout;
      return this;
    }

    /** kubelet's back-end hint chain ({@code mangle KUBE-IPTABLES-HINT}), as on a real node. */
    public Builder kubeletHint() {
      kubeletHint = true;
      return this;
    }

    /** A lab fix store in {@code dir}. */
    public Builder labStore(Path dir) {
      return store(new LabFixStore(dir));
    }

    public Builder store(FixStore value) {
      store = value;
      return this;
    }

    /** The clock of the approvals and of the agent. */
    public Builder clock(Clock value) {
      clock = value;
      return this;
    }

    public Builder policy(ApprovalPolicy value) {
      policy = value;
      return this;
    }

    /** Builds the node; if any step fails, what was built is removed before the error surfaces. */
    public LabNodeWithFix build() {
      Path lock;
      try {
        lock = Files.createTempFile("peerfix-lock", ".lock");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      LabNodeWithFix node = new LabNodeWithFix(this, new TempNamespace(), lock);
      OPEN.add(node);
      try {
        kubenetInterfaces(node.ns);
        node.ns.exec(List.of(node.program("-restore")), table, restoreTimeout).orThrow();
        if (kubeletHint) {
          node.execOk("", node.program(""), "-w", "-t", "mangle", "-N", "KUBE-IPTABLES-HINT");
        }
        return node;
      } catch (RuntimeException e) {
        node.close();
        throw e;
      }
    }
  }
}
