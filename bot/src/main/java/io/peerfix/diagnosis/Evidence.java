package io.peerfix.diagnosis;

import io.peerfix.nat.RuleRef;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.HopFinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of evidence: its {@link EvidenceKind kind}, a short headline for people (one sentence,
 * rendered as is by the terminal, JSON and Slack renderers) and the facts it cites as typed fields,
 * so a renderer or a test never parses the headline: the nodes it is about, the probes it rests on,
 * the nat rule that decided, the AWS hop it reports (a {@link HopFinding}: the hop, its outcome,
 * the resource ids and the entry that decided there, the packet's addresses), every AWS resource id
 * it cites (the hop's included), and the addresses it names.
 *
 * <p>Built with {@link #fact}, {@link #gap}, {@link #disagreement} or {@link #note} and the {@code
 * with...} methods, each of which returns a new value.
 */
public record Evidence(
    EvidenceKind kind,
    String headline,
    List<String> nodes,
    List<ProbeCite> probes,
    Optional<RuleRef> rule,
    Optional<HopFinding> hop,
    List<String> awsIds,
    List<Ipv4> addresses) {
  public Evidence {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(headline, "headline");
    nodes = List.copyOf(nodes);
    probes = List.copyOf(probes);
    rule = rule == null ? Optional.empty() : rule;
    hop = hop == null ? Optional.empty() : hop;
    awsIds = List.copyOf(awsIds);
    addresses = List.copyOf(addresses);
  }

  public static Evidence of(EvidenceKind kind, String headline) {
    return new Evidence(
        kind,
        headline,
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of());
  }

  public static Evidence fact(String headline) {
    return of(EvidenceKind.FACT, headline);
  }

  public static Evidence gap(String headline) {
    return of(EvidenceKind.GAP, headline);
  }

  public static Evidence disagreement(String headline) {
    return of(EvidenceKind.DISAGREEMENT, headline);
  }

  public static Evidence note(String headline) {
    return of(EvidenceKind.NOTE, headline);
  }

  /** The same evidence of another kind. */
  public Evidence withKind(EvidenceKind newKind) {
    return new Evidence(newKind, headline, nodes, probes, rule, hop, awsIds, addresses);
  }

  /** The same citations under another headline. */
  public Evidence withHeadline(String newHeadline) {
    return new Evidence(kind, newHeadline, nodes, probes, rule, hop, awsIds, addresses);
  }

  /** The same evidence with {@code more} added to the end of its headline. */
  public Evidence append(String more) {
    return withHeadline(headline + more);
  }

  /** Also about these nodes (kept once each, in order). */
  public Evidence withNodes(Collection<String> more) {
    return new Evidence(kind, headline, union(nodes, more), probes, rule, hop, awsIds, addresses);
  }

  public Evidence withNode(String node) {
    return node == null ? this : withNodes(List.of(node));
  }

  /** Also resting on this probe (and about its node). */
  public Evidence withProbe(ProbeCite probe) {
    if (probe == null) {
      return this;
    }
    return new Evidence(
            kind, headline, nodes, union(probes, List.of(probe)), rule, hop, awsIds, addresses)
        .withNode(probe.node());
  }

  public Evidence withRule(RuleRef newRule) {
    return new Evidence(
        kind, headline, nodes, probes, Optional.ofNullable(newRule), hop, awsIds, addresses);
  }

  /** Reporting this hop's finding, and citing the resources it read. */
  public Evidence withHop(HopFinding finding) {
    if (finding == null) {
      return this;
    }
    return new Evidence(
        kind,
        headline,
        nodes,
        probes,
        rule,
        Optional.of(finding),
        union(awsIds, finding.resourceIds()),
        addresses);
  }

  public Evidence withAwsIds(Collection<String> ids) {
    return new Evidence(kind, headline, nodes, probes, rule, hop, union(awsIds, ids), addresses);
  }

  public Evidence withAddresses(Collection<Ipv4> more) {
    return new Evidence(kind, headline, nodes, probes, rule, hop, awsIds, union(addresses, more));
  }

  public Evidence withAddress(Ipv4 address) {
    return address == null ? this : withAddresses(List.of(address));
  }

  private static <T> List<T> union(List<T> first, Collection<T> more) {
    List<T> all = new ArrayList<>(first);
    for (T item : more) {
      if (item != null && !all.contains(item)) {
        all.add(item);
      }
    }
    return all;
  }
}
