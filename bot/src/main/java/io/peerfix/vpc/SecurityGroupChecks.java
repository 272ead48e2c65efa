package io.peerfix.vpc;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Security groups: stateful, so only the request direction is checked (ingress on the database,
 * egress on the node when its groups are known). A rule that references a security group admits
 * only instances in that group, by their VPC addresses: a pod address that is not masqueraded is
 * never one of them.
 */
final class SecurityGroupChecks {
  private SecurityGroupChecks() {}

  static HopCheck targetIngress(PathContext ctx) {
    Optional<DbInstance> db = ctx.network.findDatabase();
    if (db.isEmpty()) {
      return HopCheck.unknown(
          Hop.TARGET_SECURITY_GROUP_IN,
          "the database was not found, so its security groups are unknown");
    }
    List<String> ids = db.get().securityGroupIds();
    List<SecurityGroup> groups = groups(ctx, ids);
    if (groups.size() < ids.size() || ids.isEmpty()) {
      String why =
          ctx.network.unread(AwsResource.SECURITY_GROUPS)
              ? "security groups could not be read"
              : "security groups "
                  + String.join(", ", ids)
                  + " of database "
                  + db.get().identifier()
                  + " are not all in this view";
      return HopCheck.unknown(Hop.TARGET_SECURITY_GROUP_IN, why);
    }
    boolean sourceIsVpcAddress = Ip.containing(ctx.clusterVpc.cidrs(), ctx.source).isPresent();
    Match match =
        match(
            groups,
            true,
            ctx.source,
            ctx.port(),
            ctx.query.sourceSecurityGroupIds(),
            sourceIsVpcAddress);
    String subject =
        "security group"
            + (ids.size() > 1 ? "s " : " ")
            + String.join(", ", ids)
            + " of database "
            + db.get().identifier();
    if (match.allowedBy != null) {
      return HopCheck.pass(
          Hop.TARGET_SECURITY_GROUP_IN,
          subject
              + " allow"
              + (ids.size() > 1 ? "" : "s")
              + " tcp "
              + ctx.port()
              + " from "
              + ctx.sourceText()
              + " by "
              + match.allowedBy);
    }
    String rules =
        match.portRules.isEmpty()
            ? "no rule for tcp " + ctx.port()
            : String.join("; ", match.portRules);
    if (!match.prefixLists.isEmpty()) {
      return HopCheck.unknown(
          Hop.TARGET_SECURITY_GROUP_IN,
          subject
              + ": only prefix lists "
              + String.join(", ", match.prefixLists)
              + " could admit "
              + ctx.sourceText()
              + ", and their entries are not in this view ("
              + rules
              + ")");
    }
    String note =
        match.hasGroupReference
            ? (sourceIsVpcAddress
                ? "; group references admit only instances in those groups, and the source is not known to be one"
                : "; group references admit only instances' VPC addresses, and "
                    + ctx.sourceText()
                    + " is not an address of "
                    + ctx.clusterVpc.id())
            : "";
    return HopCheck.block(
        Hop.TARGET_SECURITY_GROUP_IN,
        PathVerdict.SECURITY_GROUP_BLOCKS,
        subject
            + (ids.size() > 1 ? " do" : " does")
            + " not allow tcp "
            + ctx.port()
            + " from "
            + ctx.sourceText()
            + " ("
            + rules
            + ")"
            + note,
        List.of(AwsFixes.allowIngress(ids.get(0), ctx.port(), ctx.sourceCidrForFix())));
  }

  /** The node's groups' egress, when the caller named them and they are in the view. */
  static Optional<HopCheck> sourceEgress(PathContext ctx) {
    List<String> ids = ctx.query.sourceSecurityGroupIds();
    List<SecurityGroup> groups = groups(ctx, ids);
    if (ids.isEmpty() || groups.size() < ids.size()) {
      return Optional.empty();
    }
    List<String> targetGroups =
        ctx.network.findDatabase().map(DbInstance::securityGroupIds).orElse(List.of());
    Match match = match(groups, false, ctx.destination, ctx.port(), targetGroups, true);
    String subject = "node security group" + (ids.size() > 1 ? "s " : " ") + String.join(", ", ids);
    if (match.allowedBy != null) {
      return Optional.of(
          HopCheck.pass(
              Hop.SOURCE_SECURITY_GROUP_OUT,
              subject
                  + (ids.size() > 1 ? " allow" : " allows")
                  + " tcp "
                  + ctx.port()
                  + " to "
                  + ctx.destinationText()
                  + " by "
                  + match.allowedBy));
    }
    if (!match.prefixLists.isEmpty()) {
      return Optional.of(
          HopCheck.unknown(
              Hop.SOURCE_SECURITY_GROUP_OUT,
              subject
                  + ": only prefix lists "
                  + String.join(", ", match.prefixLists)
                  + " could admit the destination, and their entries are not in this view"));
    }
    return Optional.of(
        HopCheck.block(
            Hop.SOURCE_SECURITY_GROUP_OUT,
            PathVerdict.SECURITY_GROUP_BLOCKS,
            subject
                + (ids.size() > 1 ? " do" : " does")
                + " not allow tcp "
                + ctx.port()
                + " out to "
                + ctx.destinationText()
                + " ("
                + (match.portRules.isEmpty()
                    ? "no egress rule for tcp " + ctx.port()
                    : String.join("; ", match.portRules))
                + ")",
            List.of(AwsFixes.allowEgress(ids.get(0), ctx.port(), ctx.destinationCidrForFix()))));
  }

  private record Match(
      String allowedBy,
      List<String> portRules,
      List<String> prefixLists,
      boolean hasGroupReference) {}

  private static Match match(
      List<SecurityGroup> groups,
      boolean ingress,
      IPAddress peer,
      int port,
      List<String> peerGroups,
      boolean peerIsInstanceAddress) {
    List<String> portRules = new ArrayList<>();
    List<String> prefixLists = new ArrayList<>();
    boolean groupReference = false;
    for (SecurityGroup group : groups) {
      for (SecurityGroupRule rule : ingress ? group.ingress() : group.egress()) {
        if (!rule.coversTcpPort(port)) {
          continue;
        }
        portRules.add(group.id() + ": " + rule.text(ingress));
        Optional<String> cidr = Ip.containing(rule.cidrs(), peer);
        if (cidr.isPresent()) {
          return new Match(
              group.id() + " rule " + rule.text(ingress), portRules, prefixLists, groupReference);
        }
        Optional<String> ref =
            rule.groupIds().stream()
                .filter(g -> peerIsInstanceAddress && peerGroups.contains(g))
                .findFirst();
        if (ref.isPresent()) {
          return new Match(
              group.id() + " rule " + rule.text(ingress) + " (the peer is in " + ref.get() + ")",
              portRules,
              prefixLists,
              true);
        }
        groupReference |= !rule.groupIds().isEmpty();
        prefixLists.addAll(rule.prefixListIds());
      }
    }
    return new Match(null, portRules, prefixLists, groupReference);
  }

  private static List<SecurityGroup> groups(PathContext ctx, List<String> ids) {
    return ctx.network.securityGroups().stream().filter(g -> ids.contains(g.id())).toList();
  }
}
