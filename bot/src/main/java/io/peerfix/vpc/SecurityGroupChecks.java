package io.peerfix.vpc;

import io.peerfix.net.Cidr;
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
    return targetIngress(ctx, db.get()).citing(db.get().securityGroupIds());
  }

  private static HopCheck targetIngress(PathContext ctx, DbInstance db) {
    List<String> ids = db.securityGroupIds();
    List<SecurityGroup> groups = groups(ctx, ids);
    if (ids.isEmpty() || groups.size() < ids.size()) {
      return HopCheck.unknown(Hop.TARGET_SECURITY_GROUP_IN, missingGroups(ctx, db));
    }
    boolean sourceIsVpcAddress =
        Cidr.firstContaining(ctx.clusterVpc.cidrs(), ctx.source).isPresent();
    SecurityGroupMatch match =
        SecurityGroupMatch.of(
            groups,
            true,
            ctx.source,
            ctx.port(),
            ctx.query.sourceSecurityGroupIds(),
            sourceIsVpcAddress);
    return judge(
        Hop.TARGET_SECURITY_GROUP_IN,
        groupsText("security group", ids) + " of database " + db.identifier(),
        ids.size(),
        ctx.port(),
        "tcp " + ctx.port() + " from " + ctx.sourceText(),
        match,
        referenceNote(ctx, match, sourceIsVpcAddress),
        AwsFixes.allowIngress(ids.get(0), ctx.port(), ctx.sourceCidrForFix()));
  }

  /** The node's groups' egress, when the caller named them and they are in the view. */
  static Optional<HopCheck> sourceEgress(PathContext ctx) {
    List<String> ids = ctx.query.sourceSecurityGroupIds();
    List<SecurityGroup> groups = groups(ctx, ids);
    if (ids.isEmpty() || groups.size() < ids.size()) {
      return Optional.empty();
    }
    List<String> databaseGroups =
        ctx.network.findDatabase().map(DbInstance::securityGroupIds).orElse(List.of());
    SecurityGroupMatch match =
        SecurityGroupMatch.of(groups, false, ctx.destination, ctx.port(), databaseGroups, true);
    return Optional.of(
        judge(
                Hop.SOURCE_SECURITY_GROUP_OUT,
                groupsText("node security group", ids),
                ids.size(),
                ctx.port(),
                "tcp " + ctx.port() + " to " + ctx.destinationText(),
                match,
                "",
                AwsFixes.allowEgress(ids.get(0), ctx.port(), ctx.destinationCidrForFix()))
            .citing(ids));
  }

  private static HopCheck judge(
      Hop hop,
      String subject,
      int groupCount,
      int port,
      String traffic,
      SecurityGroupMatch match,
      String note,
      AwsFix fix) {
    boolean plural = groupCount > 1;
    if (match.allowed()) {
      return HopCheck.pass(
              hop,
              subject + (plural ? " allow " : " allows ") + traffic + " by " + match.allowedBy())
          .decidedBy(match.allowedRule());
    }
    String rules =
        match.portRules().isEmpty()
            ? "no rule for tcp " + port
            : String.join("; ", match.portRules());
    if (!match.prefixLists().isEmpty()) {
      return HopCheck.unknown(
          hop,
          subject
              + ": only prefix lists "
              + String.join(", ", match.prefixLists())
              + " could admit "
              + traffic
              + ", and their entries are not in this view ("
              + rules
              + ")");
    }
    return HopCheck.block(
        hop,
        PathVerdict.SECURITY_GROUP_BLOCKS,
        subject + (plural ? " do" : " does") + " not allow " + traffic + " (" + rules + ")" + note,
        List.of(fix));
  }

  /** Why group references did not admit the source, when there were any. */
  private static String referenceNote(
      PathContext ctx, SecurityGroupMatch match, boolean sourceIsVpcAddress) {
    if (!match.groupReference()) {
      return "";
    }
    return sourceIsVpcAddress
        ? "; group references admit only instances in those groups, and the source is not known"
            + " to be one"
        : "; group references admit only instances' VPC addresses, and "
            + ctx.sourceText()
            + " is not an address of "
            + ctx.clusterVpc.id();
  }

  private static String missingGroups(PathContext ctx, DbInstance db) {
    if (ctx.network.unread(AwsResource.SECURITY_GROUPS)) {
      return "security groups could not be read";
    }
    return db.securityGroupIds().isEmpty()
        ? "database " + db.identifier() + " has no security groups in this view"
        : "security groups "
            + String.join(", ", db.securityGroupIds())
            + " of database "
            + db.identifier()
            + " are not all in this view";
  }

  private static String groupsText(String kind, List<String> ids) {
    return kind + (ids.size() > 1 ? "s " : " ") + String.join(", ", ids);
  }

  private static List<SecurityGroup> groups(PathContext ctx, List<String> ids) {
    return ctx.network.securityGroups().stream().filter(g -> ids.contains(g.id())).toList();
  }
}
