package io.peerfix.facts;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.net.Ipv4Interface;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short hash of what decides a node's source NAT: its nat table and the ipsets the table
 * references, normalised so that nodes with the same configuration get the same fingerprint.
 *
 * <p>Normalisation drops comments and packet/byte counters, replaces the node's own addresses with
 * {@code <NODE_IP>} and its pod range (and addresses inside it) with {@code <POD_CIDR>} (plus an
 * offset), and sorts ipset members (their order is hash order). kube-proxy's per-Service chains
 * (KUBE-SERVICES, KUBE-SVC-*, KUBE-SEP-*, ...) are left out: they only match Service addresses,
 * never a peered database, and they differ node by node where Services use {@code
 * externalTrafficPolicy: Local}, which would otherwise split every node into its own group.
 */
public final class NatFingerprint {
  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(/\\d{1,2})?(?![\\d.])");
  private static final Pattern COUNTERS = Pattern.compile("\\[\\d+:\\d+\\]");
  private static final Pattern DASH_C = Pattern.compile("\\s-c \\d+ \\d+");
  private static final Pattern KUBE_PROXY_SERVICE_CHAIN =
      Pattern.compile(
          "^(?:-A |:)(KUBE-SERVICES|KUBE-NODEPORTS|KUBE-(?:SVC|SEP|EXT|SVL|FW|XLB)-[A-Z0-9]+)\\b.*");

  private NatFingerprint() {}

  /** The fingerprint of a node's facts: 16 hex digits of a SHA-256 over the normalised text. */
  public static String of(NodeFacts facts) {
    String text =
        normaliseNatTable(facts.natTable(), facts)
            + "\n# ipsets\n"
            + normaliseIpsets(facts.ipsets(), facts);
    return sha256(text).substring(0, 16);
  }

  /** The nat table as compared between nodes (see the class comment for what is replaced). */
  public static String normaliseNatTable(String natTable, NodeFacts node) {
    AddressPlaceholders placeholders = AddressPlaceholders.of(node);
    List<String> out = new ArrayList<>();
    for (String raw : lines(natTable)) {
      // Each pattern runs only on lines that can match it (the same text, at a fraction of the
      // cost: a 1,000-node diagnosis fingerprints every node's table).
      String line = raw.indexOf('[') < 0 ? raw.trim() : COUNTERS.matcher(raw).replaceAll("").trim();
      if (line.contains("-c ")) {
        line = DASH_C.matcher(line).replaceAll("");
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if ((line.startsWith("-A KUBE-") || line.startsWith(":KUBE-"))
          && KUBE_PROXY_SERVICE_CHAIN.matcher(line).matches()) {
        continue;
      }
      out.add(placeholders.apply(line));
    }
    return String.join("\n", out);
  }

  /** The ipset save output as compared between nodes: normalised and sorted. */
  public static String normaliseIpsets(String ipsets, NodeFacts node) {
    AddressPlaceholders placeholders = AddressPlaceholders.of(node);
    return lines(ipsets).stream()
        .map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(placeholders::apply)
        .sorted()
        .reduce((a, b) -> a + "\n" + b)
        .orElse("");
  }

  /**
   * The lines of {@code text}, split at every line break {@code \\R} knows; a CR LF pair gives an
   * empty line between, which, as every empty line, the callers skip.
   */
  private static List<String> lines(String text) {
    if (text == null) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '\n' && c <= '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        lines.add(text.substring(start, i));
        start = i + 1;
      }
    }
    lines.add(text.substring(start));
    return lines;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Replaces one node's own addresses in a line with placeholders. */
  private record AddressPlaceholders(List<Ipv4> nodeAddresses, Cidr podRange) {
    static AddressPlaceholders of(NodeFacts node) {
      List<Ipv4> addresses = node.addresses().stream().map(Ipv4Interface::address).toList();
      return new AddressPlaceholders(addresses, node.podCidr());
    }

    String apply(String line) {
      if (line.indexOf('.') < 0) {
        return line; // no address in it
      }
      Matcher matcher = IPV4.matcher(line);
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        matcher.appendReplacement(
            out, Matcher.quoteReplacement(replace(matcher.group(1), matcher.group(2))));
      }
      matcher.appendTail(out);
      return out.toString();
    }

    private String replace(String address, String prefix) {
      Optional<Ipv4> parsed = Ipv4.tryParse(address);
      String suffix = prefix == null ? "" : prefix;
      if (parsed.isEmpty()) {
        return address + suffix;
      }
      boolean host = prefix == null || prefix.equals("/32");
      if (host && nodeAddresses.contains(parsed.get())) {
        return "<NODE_IP>" + suffix;
      }
      if (podRange != null && podRange.contains(parsed.get())) {
        if (prefix != null && Integer.parseInt(prefix.substring(1)) == podRange.prefix()) {
          return "<POD_CIDR>";
        }
        long offset = parsed.get().unsigned() - podRange.first().unsigned();
        return "<POD_CIDR>+" + offset + suffix;
      }
      return address + suffix;
    }
  }
}
