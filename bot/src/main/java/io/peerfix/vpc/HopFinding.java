package io.peerfix.vpc;

import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one hop found, as values: the {@link Hop} checked, its {@link HopOutcome} and the verdict it
 * stands for, the AWS resources it read (a peering {@code pcx-...}, a route table {@code rtb-...},
 * security groups {@code sg-...}, a network ACL {@code acl-...}, VPCs, the database's DNS name),
 * the entry that decided it when one did (see {@link HopEntry}; none when nothing matched, e.g. no
 * route or no admitting rule), and the addresses of the packet it judged: its source, then its
 * destination (a reply hop's packet goes from the database back to the client).
 *
 * <p>Carries no prose: a renderer writes the words, a test asserts on the fields.
 */
public record HopFinding(
    Hop hop,
    HopOutcome outcome,
    PathVerdict verdict,
    List<String> resourceIds,
    Optional<HopEntry> entry,
    List<Ipv4> addresses) {
  public HopFinding {
    Objects.requireNonNull(hop, "hop");
    Objects.requireNonNull(outcome, "outcome");
    verdict =
        switch (outcome) {
          case PASS -> PathVerdict.REACHABLE;
          case UNKNOWN -> PathVerdict.UNKNOWN;
          case BLOCK -> Objects.requireNonNull(verdict, "verdict of a blocking hop");
        };
    resourceIds = List.copyOf(resourceIds);
    entry = entry == null ? Optional.empty() : entry;
    addresses = List.copyOf(addresses);
  }

  /** A finding that cites nothing yet. */
  public static HopFinding of(Hop hop, HopOutcome outcome, PathVerdict verdict) {
    return new HopFinding(hop, outcome, verdict, List.of(), Optional.empty(), List.of());
  }

  /** A blocking finding that cites nothing yet. */
  public static HopFinding blocking(Hop hop, PathVerdict verdict) {
    return of(hop, HopOutcome.BLOCK, verdict);
  }

  public boolean blocks() {
    return outcome == HopOutcome.BLOCK;
  }

  /** Also citing these resources (kept once each, in order; nulls skipped). */
  public HopFinding citing(Collection<String> ids) {
    List<String> all = new ArrayList<>(resourceIds);
    for (String id : ids) {
      if (id != null && !all.contains(id)) {
        all.add(id);
      }
    }
    return new HopFinding(hop, outcome, verdict, all, entry, addresses);
  }

  public HopFinding citing(String... ids) {
    return citing(java.util.Arrays.asList(ids));
  }

  /** Decided by {@code decider} (null: by no entry). */
  public HopFinding decidedBy(HopEntry decider) {
    return new HopFinding(
        hop, outcome, verdict, resourceIds, Optional.ofNullable(decider), addresses);
  }

  /** About a packet from {@code source} to {@code destination}. */
  public HopFinding between(Ipv4 source, Ipv4 destination) {
    return new HopFinding(hop, outcome, verdict, resourceIds, entry, List.of(source, destination));
  }

  /** About these addresses (e.g. a DNS answer and the database's own addresses). */
  public HopFinding withAddresses(Collection<Ipv4> more) {
    List<Ipv4> all = new ArrayList<>(addresses);
    more.stream().filter(a -> a != null && !all.contains(a)).forEach(all::add);
    return new HopFinding(hop, outcome, verdict, resourceIds, entry, all);
  }
}
