package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a set of security groups treats TCP to one port from (ingress) or to (egress) one peer: the
 * rule that admits it (as text and as the rule itself), else every rule for that port (for the
 * evidence), the prefix lists that might admit it, and whether group references were passed over.
 */
record SecurityGroupMatch(
    String allowedBy,
    GroupPermission allowedRule,
    List<String> portRules,
    List<String> prefixLists,
    boolean groupReference) {

  /**
   * Matches {@code peer}: a CIDR rule admits an address inside it; a group reference admits the
   * peer only when it is an instance's VPC address and the peer is in that group.
   */
  static SecurityGroupMatch of(
      List<SecurityGroup> groups,
      boolean ingress,
      Ipv4 peer,
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
        String text = group.id() + " rule " + rule.text(ingress);
        GroupPermission permission = new GroupPermission(group.id(), ingress, rule);
        portRules.add(group.id() + ": " + rule.text(ingress));
        if (Cidr.firstContaining(rule.cidrs(), peer).isPresent()) {
          return new SecurityGroupMatch(text, permission, portRules, prefixLists, groupReference);
        }
        Optional<String> ref =
            rule.groupIds().stream()
                .filter(g -> peerIsInstanceAddress && peerGroups.contains(g))
                .findFirst();
        if (ref.isPresent()) {
          String why = text + " (the peer is in " + ref.get() + ")";
          return new SecurityGroupMatch(why, permission, portRules, prefixLists, true);
        }
        groupReference |= !rule.groupIds().isEmpty();
        prefixLists.addAll(rule.prefixListIds());
      }
    }
    return new SecurityGroupMatch(null, null, portRules, prefixLists, groupReference);
  }

  boolean allowed() {
    return allowedBy != null;
  }
}
