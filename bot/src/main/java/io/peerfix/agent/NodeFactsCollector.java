package io.peerfix.agent;

import io.peerfix.agent.reconcile.TableStamps;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.facts.Cni;
import io.peerfix.facts.CniDetection;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.facts.RouteEntry;
import io.peerfix.nat.NatSlice;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.net.Ipv4Interface;
import io.peerfix.probe.Prober;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gathers one node's facts from the network namespace this process runs in: the nat table through
 * the detected iptables backend, the ipsets its rules reference, addresses, routes, pod range, the
 * CNI, and optionally a probe of the target from this (host) network.
 *
 * <p>{@link #collect} reads the whole nat table (what a person asks for); {@link
 * #collectForPublishing} reads only its slice, what the agent publishes (see {@link
 * NatSliceReader}), and reads it again only when the kernel's stamp of the table moved.
 *
 * <p>Missing tools and failed commands become warnings in the facts, never exceptions: a partial
 * picture with its gaps named is worth more to the diagnosis than none.
 */
public final class NodeFactsCollector {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern MATCH_SET = Pattern.compile("--match-set\\s+(\\S+)");
  private static final List<String> BRIDGES = List.of("cbr0", "cni0");
  static final String NAT_NOT_READ = "nat table not read: ";

  /** A human asked for the whole table: it may take long on a big nf_tables table. */
  private static final Duration WHOLE_TABLE_TIMEOUT = Duration.ofMinutes(2);

  private final CommandRunner runner;
  private final Prober prober;
  private IptablesBackendDetector.Detection publishing;
  private final StampedSlices slices;

  /** A collector that reads the slice at every publication (no kernel stamps). */
  public NodeFactsCollector(CommandRunner runner, Prober prober) {
    this(runner, prober, b -> TableStamps.none("no stamps asked for"));
  }

  /**
   * A collector that reads the published slice again only when the back end's kernel stamp of the
   * nat table moved ({@link StampedSlices}); {@code stamps} opens them for a back end.
   */
  public NodeFactsCollector(
      CommandRunner runner, Prober prober, Function<IptablesBackend, TableStamps> stamps) {
    this.runner = runner;
    this.prober = prober;
    this.slices = new StampedSlices(stamps);
  }

  /** What to collect: the node's name, a pod range given by the user (or null), the target. */
  public record Request(String nodeName, Cidr podCidr, ProbeRequest target) {}

  /** The facts with the whole nat table, as {@code peerfix agent facts} prints them. */
  public NodeFacts collect(Request request) {
    List<String> warnings = new ArrayList<>();
    IptablesBackendDetector.Detection backend = detect(warnings);
    String nat = natTable(backend.backend(), warnings);
    return facts(request, backend, nat, addresses(warnings), warnings);
  }

  /** The facts as the agent publishes them: the nat table's slice, and what the slice is. */
  public record Published(NodeFacts facts, Optional<NatSlice> slice) {}

  /**
   * The facts to publish: instead of the whole nat table, its slice ({@link NatSliceReader}: chain
   * by chain on nf_tables, one whole read on legacy), so a node with a 140,000-line table publishes
   * within seconds, never waiting on a whole-table read that cannot finish.
   */
  public Published collectForPublishing(Request request) {
    List<String> warnings = new ArrayList<>();
    // The back end is told once the rules tell it: on legacy its detection reads every table
    // whole, a cost each publication would otherwise pay again.
    IptablesBackendDetector.Detection backend =
        publishing != null && publishing.decidedByRules() ? publishing : detect(warnings);
    publishing = backend;
    List<IpOutput.InterfaceAddress> addresses = addresses(warnings);
    List<Ipv4> own =
        addresses.stream()
            .map(IpOutput.InterfaceAddress::value)
            .flatMap(Optional::stream)
            .map(Ipv4Interface::address)
            .toList();
    NatSliceReader.Read read =
        slices.get(
            FixAgentFactory.effective(backend),
            own,
            () -> new NatSliceReader(runner).read(backend, own, warnings));
    Optional<NatSlice> slice = read.slice();
    if (slice.isPresent() && slice.get().overLimit()) {
      warnings.add(slice.get().note());
    }
    String nat = slice.map(NatSlice::table).orElse("");
    NodeFacts facts = facts(request, backend, nat, addresses, warnings);
    if (facts.cni() == Cni.UNKNOWN && read.docker()) {
      // The DOCKER chain may sit behind rules the slice drops: the reader looked for it by name.
      facts = facts.withCni(Cni.DOCKER);
    }
    return new Published(facts, slice);
  }

  /** How many times the published slice was read rather than taken from the last read. */
  int sliceReads() {
    return slices.reads();
  }

  private IptablesBackendDetector.Detection detect(List<String> warnings) {
    IptablesBackendDetector.Detection backend = new IptablesBackendDetector(runner).detect();
    if (!backend.decidedByRules()) {
      warnings.add("iptables backend: " + backend.reason());
    }
    return backend;
  }

  private List<IpOutput.InterfaceAddress> addresses(List<String> warnings) {
    return IpOutput.addresses(output(List.of("ip", "-o", "-4", "addr", "show"), warnings));
  }

  private NodeFacts facts(
      Request request,
      IptablesBackendDetector.Detection backend,
      String nat,
      List<IpOutput.InterfaceAddress> addresses,
      List<String> warnings) {
    String ipsets = ipsets(nat, warnings);
    List<RouteEntry> routes =
        IpOutput.routes(output(List.of("ip", "-4", "route", "show"), warnings));
    Cidr podCidr = request.podCidr() != null ? request.podCidr() : bridgeRange(addresses);
    if (podCidr == null) {
      warnings.add("pod range unknown: no cbr0/cni0 bridge address; pass --pod-cidr");
    }
    ProbeResult hostProbe =
        request.target() == null
            ? null
            : prober.probe(request.target(), request.nodeName() + "/host-network");
    return new NodeFacts(
        request.nodeName(),
        backend.label(),
        nat,
        ipsets,
        addresses.stream()
            .filter(a -> !"host".equals(a.scope()))
            .map(IpOutput.InterfaceAddress::value)
            .flatMap(Optional::stream)
            .toList(),
        routes,
        podCidr,
        CniDetection.detect(nat),
        hostProbe,
        warnings);
  }

  /**
   * Whether the nat table could be read (an empty table read successfully counts as read, a failed
   * save program does not).
   */
  public static boolean natTableRead(NodeFacts facts) {
    return facts.warnings().stream().noneMatch(w -> w.startsWith(NAT_NOT_READ));
  }

  private String natTable(IptablesBackend backend, List<String> warnings) {
    CommandResult result =
        runner.run(List.of(backend.saveProgram(), "-t", "nat"), WHOLE_TABLE_TIMEOUT);
    if (!result.ok()) {
      warnings.add(NAT_NOT_READ + result.describeFailure());
      return "";
    }
    return result.stdout();
  }

  /** {@code ipset save} of each set the nat rules match on, in order of first use. */
  private String ipsets(String nat, List<String> warnings) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = MATCH_SET.matcher(nat);
    while (m.find()) {
      names.add(m.group(1));
    }
    StringBuilder saved = new StringBuilder();
    for (String name : names) {
      CommandResult result = runner.run(List.of("ipset", "save", name), TIMEOUT);
      if (result.exitCode() == -1 && !result.timedOut()) {
        warnings.add("ipset is not available; sets referenced by nat rules not read: " + names);
        return "";
      }
      if (!result.ok()) {
        warnings.add("ipset " + name + " not read: " + result.describeFailure());
        continue;
      }
      saved.append(result.stdout());
    }
    return saved.toString();
  }

  private String output(List<String> argv, List<String> warnings) {
    CommandResult result = runner.run(argv, TIMEOUT);
    if (!result.ok()) {
      warnings.add(result.describeFailure());
      return "";
    }
    return result.stdout();
  }

  /** The pod range from the bridge pods hang off: cbr0 (kubenet) or cni0 (bridge CNI plugins). */
  static Cidr bridgeRange(List<IpOutput.InterfaceAddress> addresses) {
    for (String bridge : BRIDGES) {
      for (IpOutput.InterfaceAddress a : addresses) {
        if (a.device().equals(bridge)) {
          Optional<Ipv4Interface> address = a.value();
          if (address.isPresent()) {
            return address.get().network();
          }
        }
      }
    }
    return null;
  }
}
