package io.peerfix.nat.kernel;

import io.peerfix.exec.CommandResult;
import io.peerfix.nat.IpSets;
import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatDump;
import io.peerfix.nat.NatEvaluator;
import io.peerfix.nat.NatTable;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import io.peerfix.nat.TraceStep;
import io.peerfix.testbed.NatTestbed;
import io.peerfix.testbed.Origin;
import io.peerfix.testbed.Probe;
import io.peerfix.testbed.ProbeOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one {@link DifferentialCase} on the kernel and through the model, and tallies where they
 * agree.
 *
 * <p>The rule set and ipsets are loaded into the testbed's node, every probe is made for real, and
 * the model is asked about the same packet twice: once from the text that was loaded and once from
 * what {@code iptables-save} prints back (the form users paste). The node's context is what the
 * kernel has: its addresses, the MASQUERADE address of the packet's out-interface (which the
 * kernel's routing chooses), and the ipsets as {@code ipset save} prints them. The receiver's
 * source address must equal the model's {@code sourceAfter}, and its local address the model's
 * {@code destinationAfter}.
 */
final class ModelVersusKernel {
  private static final String LISTING = "as iptables -L -n -v prints it";
  private static final String AS_LOADED = "as loaded";

  private final NatTestbed bed;
  private final DifferentialTally tally;
  private final List<String> localAddresses;
  private final Map<String, String> egressByDestination = new LinkedHashMap<>();

  ModelVersusKernel(NatTestbed bed, DifferentialTally tally) {
    this.bed = bed;
    this.tally = tally;
    this.localAddresses = bed.nodeLocalAddresses();
  }

  void run(DifferentialCase c) {
    CommandResult loaded =
        c.base() == null
            ? bed.load(c.nat(), c.ipsets())
            : bed.loadOnto(c.base(), c.nat(), c.ipsets());
    tally.ruleSets++;
    if (!loaded.ok()) {
      tally.refusedByKernel++;
      tally.fail(
          c.name(),
          c.name()
              + ": the kernel refused it: "
              + loaded.describeFailure()
              + "\n"
              + c.ipsets()
              + (c.base() == null ? "" : c.base() + "--- payload for --noflush:\n")
              + c.nat());
      return;
    }
    // The kernel first, so its answers are known whatever the model then does.
    List<ProbeOutcome> outcomes = bed.probe(c.probes());
    String ipsetsSaved = bed.savedIpsets();
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put(AS_LOADED, c.base() == null ? c.nat() : c.base() + "--- --noflush:\n" + c.nat());
    forms.put("as iptables-save prints it", bed.savedNat());
    forms.put("as iptables -S prints it", bed.natRules());
    forms.put(LISTING, bed.natListing(tally.ruleSets % 2 == 0));
    for (int i = 0; i < outcomes.size(); i++) {
      tally.packets++;
      if (outcomes.get(i).status() != ProbeOutcome.Status.ANSWERED) {
        tally.kernelSilent++;
        tally.fail(
            c.name(),
            report(
                c,
                "kernel gave no answer",
                c.probes().get(i),
                outcomes.get(i),
                null,
                c.nat(),
                ipsetsSaved));
      }
    }
    Map<String, NatTable> tables = new LinkedHashMap<>();
    IpSets ipsets;
    try {
      ipsets = ipsetsSaved.isBlank() ? IpSets.empty() : IpSets.parseSave(ipsetsSaved);
      forms.forEach(
          (form, text) -> {
            if (!form.equals(AS_LOADED) || c.base() == null) {
              tables.put(form, NatDump.parse(text));
            }
          });
      if (c.base() != null) {
        // The model applies the payload onto the base as iptables-restore --noflush did.
        tables.put(AS_LOADED, NatDump.parseOnto(NatDump.parse(c.base()), c.nat()));
      }
    } catch (RuntimeException e) {
      tally.fail(
          c.name(),
          c.name()
              + ": the model refused what the kernel accepted: "
              + e
              + "\n"
              + ipsetsSaved
              + c.nat());
      return;
    }
    for (int i = 0; i < outcomes.size(); i++) {
      ProbeOutcome kernel = outcomes.get(i);
      if (kernel.status() == ProbeOutcome.Status.ANSWERED) {
        for (Map.Entry<String, NatTable> form : tables.entrySet()) {
          compare(
              c,
              c.probes().get(i),
              kernel,
              form.getKey(),
              form.getValue(),
              ipsets,
              forms.get(form.getKey()),
              ipsetsSaved);
        }
      }
    }
  }

  private void compare(
      DifferentialCase c,
      Probe probe,
      ProbeOutcome kernel,
      String form,
      NatTable table,
      IpSets ipsets,
      String text,
      String ipsetsText) {
    tally.comparisons++;
    Packet packet = packet(probe);
    NodeContext node =
        new NodeContext(localAddresses, NatTestbed.EGRESS_ADDRESS.get(packet.outIface()), ipsets);
    NatVerdict verdict;
    try {
      verdict = NatEvaluator.evaluate(table, packet, node);
    } catch (RuntimeException e) {
      tally.fail(
          c.name(),
          report(c, "model threw " + e + " (" + form + ")", probe, kernel, null, text, ipsetsText));
      return;
    }
    if (verdict.action() == NatAction.INDETERMINATE) {
      // Neither an agreement nor a failure: counted, and the test bounds the count.
      if (form.equals(LISTING)) {
        // The listing is lossy (no comments, shortened options): "cannot tell" is honest there.
        tally.indeterminateListing++;
      } else if (c.generated()) {
        tally.indeterminateGenerated++;
      } else {
        tally.indeterminateFixture++;
      }
      if (!form.equals(LISTING) && tally.indeterminateReasons.size() < 20) {
        tally.indeterminateReasons.add(
            c.name() + " (" + form + "): " + verdict.indeterminateReason());
      }
      return;
    }
    boolean sourceAgrees = Objects.equals(verdict.sourceAfter(), kernel.peerAddress());
    // The model leaves the destination open for REDIRECT (the node itself, address unknown to it)
    // and when paths that agree on the source disagree on it: then only the source is checked.
    boolean destinationAgrees =
        verdict.destinationAfter() == null
            || verdict.destinationAfter().equals(kernel.localAddress());
    if (verdict.destinationAfter() == null) {
      if (localAddresses.contains(kernel.localAddress())) {
        tally.toTheNode++;
      } else {
        tally.destinationOpen++;
      }
    }
    // The port after DNAT or REDIRECT, whenever the model names one (0: it says it cannot tell).
    boolean portAgrees = true;
    if (verdict.destinationPortAfter() > 0) {
      tally.portsCompared++;
      portAgrees = verdict.destinationPortAfter() == kernel.localPort();
    } else {
      tally.portsLeftOpen++;
    }
    boolean agreed = sourceAgrees && destinationAgrees && portAgrees;
    tally.compared(form.equals(AS_LOADED) ? c.form() : "re-read " + form, agreed);
    if (agreed) {
      tally.agreements++;
      String kind = verdict.action() + (kernel.localAddress().equals(probe.dst()) ? "" : "+DNAT");
      tally.agreedByAction.merge(kind, 1, Integer::sum);
    } else {
      tally.fail(
          c.name(),
          report(
              c,
              "model and kernel disagree (" + form + ")",
              probe,
              kernel,
              verdict,
              text,
              ipsetsText));
    }
  }

  private Packet packet(Probe probe) {
    Origin origin =
        NatTestbed.ORIGINS.stream()
            .filter(o -> o.name().equals(probe.origin()))
            .findFirst()
            .orElseThrow();
    return Packet.builder()
        .src(probe.src())
        .dst(probe.dst())
        .protocol(probe.protocol())
        .srcPort(probe.srcPort())
        .dstPort(probe.dstPort())
        .inIface(origin.local() ? "" : origin.inIface())
        .outIface(egressFor(probe.dst()))
        .mark(0)
        .origin(origin.local() ? Packet.Origin.LOCAL : Packet.Origin.FORWARDED)
        .build();
  }

  /** The out-interface the node's routing really picks for {@code dst}. */
  private String egressFor(String dst) {
    return egressByDestination.computeIfAbsent(dst, bed::routeInterface);
  }

  private static String report(
      DifferentialCase c,
      String what,
      Probe probe,
      ProbeOutcome kernel,
      NatVerdict verdict,
      String text,
      String ipsets) {
    StringBuilder r = new StringBuilder();
    r.append(what).append("\n  case: ").append(c.name());
    if (c.generated()) {
      r.append(" (rerun: -Dpeerfix.seed=<seed above> and this index)");
    }
    r.append("\n  packet: ").append(probe);
    r.append("\n  kernel: ").append(kernel);
    if (verdict != null) {
      r.append("\n  model: ")
          .append(verdict.action())
          .append(" source ")
          .append(verdict.sourceAfter());
      r.append(" destination ").append(verdict.destinationAfter());
      r.append(" deciding ").append(verdict.decidingRule());
      if (verdict.indeterminateReason() != null) {
        r.append("\n  indeterminate because: ").append(verdict.indeterminateReason());
      }
      r.append("\n  trace:");
      for (TraceStep step : verdict.trace()) {
        r.append("\n    ").append(step.chain()).append('#').append(step.index()).append(' ');
        r.append(step.matched() ? "MATCH " : "no    ")
            .append(step.text())
            .append("  [")
            .append(step.reason())
            .append(']');
      }
      verdict.notes().forEach(n -> r.append("\n  note: ").append(n));
    }
    r.append("\n  ipsets:\n").append(ipsets.indent(4));
    if (c.base() != null) {
      r.append("  base (loaded with iptables-restore):\n").append(c.base().indent(4));
      r.append("  payload (iptables-restore --noflush):\n").append(c.nat().indent(4));
    }
    r.append("  rules:\n").append(text.indent(4));
    return r.toString();
  }
}
