package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.Optional;

/**
 * Network ACLs on both subnets, both ways. They are stateless, so the reply needs its own allow:
 * outbound from the database's subnet and inbound to the node's subnet, to the client's ephemeral
 * port.
 */
final class AclChecks {
  /** Linux's default client port range (net.ipv4.ip_local_port_range): where replies go. */
  static final int EPHEMERAL_FROM = 32768;

  static final int EPHEMERAL_TO = 60999;

  /** The range AWS recommends opening for replies, used in fixes to cover every client OS. */
  static final int FIX_EPHEMERAL_FROM = 1024;

  static final int FIX_EPHEMERAL_TO = 65535;

  private AclChecks() {}

  static Optional<HopCheck> sourceOut(PathContext ctx) {
    return check(
        ctx,
        Hop.SOURCE_SUBNET_ACL_OUT,
        ctx.sourceAcl(),
        true,
        ctx.destination,
        ctx.destinationText(),
        ctx.port(),
        ctx.port(),
        ctx.destinationCidrForFix());
  }

  static Optional<HopCheck> targetIn(PathContext ctx) {
    return check(
        ctx,
        Hop.TARGET_SUBNET_ACL_IN,
        ctx.targetAcl(),
        false,
        ctx.source,
        ctx.sourceText(),
        ctx.port(),
        ctx.port(),
        ctx.sourceCidrForFix());
  }

  static Optional<HopCheck> targetOut(PathContext ctx) {
    return check(
        ctx,
        Hop.TARGET_SUBNET_ACL_OUT,
        ctx.targetAcl(),
        true,
        ctx.source,
        ctx.sourceText(),
        EPHEMERAL_FROM,
        EPHEMERAL_TO,
        ctx.sourceCidrForFix());
  }

  static Optional<HopCheck> sourceIn(PathContext ctx) {
    return check(
        ctx,
        Hop.SOURCE_SUBNET_ACL_IN,
        ctx.sourceAcl(),
        false,
        ctx.destination,
        ctx.destinationText(),
        EPHEMERAL_FROM,
        EPHEMERAL_TO,
        ctx.destinationCidrForFix());
  }

  private static Optional<HopCheck> check(
      PathContext ctx,
      Hop hop,
      Pick<NetworkAcl> pick,
      boolean egress,
      Ipv4 peer,
      String peerText,
      int fromPort,
      int toPort,
      Cidr fixCidr) {
    if (ctx.sameSubnet()) {
      return Optional.empty();
    }
    if (pick.unknown()) {
      return Optional.of(HopCheck.unknown(hop, "the network ACL is unknown: " + pick.how()));
    }
    if (pick.found().isEmpty()) {
      return Optional.of(HopCheck.pass(hop, pick.how() + ", so none restricts traffic"));
    }
    return Optional.of(
        judge(hop, pick, egress, peer, peerText, fromPort, toPort, fixCidr)
            .citing(pick.value().id()));
  }

  /**
   * An ACL that applies: allowed when every port is, decided by the entry for the first port;
   * denied when any port is, decided by the lowest-numbered entry that denies (none: the implicit
   * deny).
   */
  private static HopCheck judge(
      Hop hop,
      Pick<NetworkAcl> pick,
      boolean egress,
      Ipv4 peer,
      String peerText,
      int fromPort,
      int toPort,
      Cidr fixCidr) {
    NetworkAcl acl = pick.value();
    boolean reply = fromPort != toPort;
    String what =
        (reply ? "replies " : "tcp " + fromPort + " ")
            + (egress ? "to " : "from ")
            + peerText
            + (reply
                ? " on ports " + fromPort + "-" + toPort + " (the client's ephemeral ports)"
                : "")
            + (egress ? " outbound" : " inbound");
    String subject = "network ACL " + acl.id() + pick.how();
    List<AclEvaluation.Decision> decisions =
        AclEvaluation.decide(acl, egress, peer, fromPort, toPort);
    List<AclEvaluation.Decision> denied = decisions.stream().filter(d -> !d.allowed()).toList();
    if (denied.isEmpty()) {
      return HopCheck.pass(
              hop,
              subject
                  + " allows "
                  + what
                  + ": "
                  + String.join(
                      "; ", decisions.stream().map(d -> d.text(fromPort, toPort)).toList()))
          .decidedBy(decisions.get(0).entry());
    }
    int decidingRule =
        denied.stream().mapToInt(AclEvaluation.Decision::ruleNumber).min().orElse(32767);
    int fixFrom = reply ? FIX_EPHEMERAL_FROM : fromPort;
    int fixTo = reply ? FIX_EPHEMERAL_TO : toPort;
    NetworkAclEntry deciding =
        denied.stream()
            .min(java.util.Comparator.comparingInt(AclEvaluation.Decision::ruleNumber))
            .map(AclEvaluation.Decision::entry)
            .orElse(null);
    return HopCheck.block(
            hop,
            PathVerdict.NETWORK_ACL_BLOCKS,
            subject
                + " denies "
                + what
                + ": "
                + String.join("; ", denied.stream().map(d -> d.text(fromPort, toPort)).toList()),
            List.of(AwsFixes.allowAclEntry(acl, egress, decidingRule, fixFrom, fixTo, fixCidr)))
        .decidedBy(deciding);
  }
}
