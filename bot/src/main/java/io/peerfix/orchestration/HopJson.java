package io.peerfix.orchestration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerfix.net.Cidr;
import io.peerfix.vpc.GroupPermission;
import io.peerfix.vpc.HopEntry;
import io.peerfix.vpc.HopFinding;
import io.peerfix.vpc.NetworkAclEntry;
import io.peerfix.vpc.PeeringStatus;
import io.peerfix.vpc.Route;
import io.peerfix.vpc.SecurityGroupRule;

/**
 * The JSON form of an AWS hop finding, as fields: {@code hop} (the {@code Hop} name), {@code
 * hopText}, {@code direction}, {@code outcome} ({@code PASS}, {@code BLOCK}, {@code UNKNOWN}),
 * {@code verdict}, {@code resourceIds}, {@code entry} (null when no entry decided; else its {@code
 * kind}, its short AWS {@code text} and the entry's own fields: a route's {@code destinationCidr},
 * {@code targetKind}, {@code targetId}, {@code state}; a security-group rule's {@code groupId},
 * {@code direction}, {@code protocol}, {@code fromPort}, {@code toPort}, {@code cidrs}, {@code
 * groupIds}, {@code prefixListIds}; a network ACL entry's {@code ruleNumber}, {@code direction},
 * {@code protocol}, {@code fromPort}, {@code toPort}, {@code cidr}, {@code action}; a peering's
 * {@code state}) and {@code addresses} (the packet's source, then its destination).
 */
final class HopJson {
  private HopJson() {}

  static void write(ObjectNode o, HopFinding f) {
    o.put("hop", f.hop().name());
    o.put("hopText", f.hop().text());
    o.put("direction", f.hop().direction().name());
    o.put("outcome", f.outcome().name());
    o.put("verdict", f.verdict().name());
    ArrayNode ids = o.putArray("resourceIds");
    f.resourceIds().forEach(ids::add);
    if (f.entry().isPresent()) {
      entry(o.putObject("entry"), f.entry().get());
    } else {
      o.putNull("entry");
    }
    ArrayNode addresses = o.putArray("addresses");
    f.addresses().forEach(a -> addresses.add(a.toString()));
  }

  private static void entry(ObjectNode o, HopEntry entry) {
    o.put("kind", entry.entryKind().name());
    o.put("text", entry.text());
    if (entry instanceof Route r) {
      o.put("destinationCidr", r.destinationCidr().toString());
      o.put("targetKind", r.targetKind().name());
      o.put("targetId", r.targetId());
      o.put("state", r.state().name());
    } else if (entry instanceof GroupPermission p) {
      SecurityGroupRule rule = p.rule();
      o.put("groupId", p.groupId());
      o.put("direction", p.ingress() ? "INGRESS" : "EGRESS");
      o.put("protocol", rule.protocol());
      o.put("fromPort", rule.fromPort());
      o.put("toPort", rule.toPort());
      ArrayNode cidrs = o.putArray("cidrs");
      rule.cidrs().stream().map(Cidr::toString).forEach(cidrs::add);
      ArrayNode groups = o.putArray("groupIds");
      rule.groupIds().forEach(groups::add);
      ArrayNode prefixLists = o.putArray("prefixListIds");
      rule.prefixListIds().forEach(prefixLists::add);
    } else if (entry instanceof NetworkAclEntry e) {
      o.put("ruleNumber", e.ruleNumber());
      o.put("direction", e.egress() ? "EGRESS" : "INGRESS");
      o.put("protocol", e.protocol());
      o.put("fromPort", e.fromPort());
      o.put("toPort", e.toPort());
      o.put("cidr", e.cidr().toString());
      o.put("action", e.allow() ? "ALLOW" : "DENY");
    } else if (entry instanceof PeeringStatus s) {
      o.put("state", s.code());
    }
  }
}
