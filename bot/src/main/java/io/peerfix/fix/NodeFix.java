package io.peerfix.fix;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A node fix an executor can act on: the exact nat rules, in order, for the nodes named in {@code
 * groups} (one group per NAT fingerprint), for {@code target}, as proposed by the diagnosis {@code
 * diagnosisId}, with a {@code digest} of all of it that an approval binds to.
 *
 * <p>The digest is {@code "sha256:"} and the lower-case hex SHA-256 of the UTF-8 {@link
 * #canonicalText() canonical text}: one field per line, in this order,
 *
 * <pre>
 * peerfix-node-fix v1
 * target TARGET
 * diagnosis DIAGNOSIS-ID
 * rule ARGS           (one line per rule, in rule order: NatRule#iptablesArgs joined by spaces)
 * group FINGERPRINT NODE NODE...   (groups sorted by fingerprint, nodes sorted)
 * </pre>
 *
 * each line ending in {@code \n}. Groups are kept sorted by fingerprint and their nodes sorted, so
 * the order in which nodes were found never changes the digest, while every field does. The text
 * has no ambiguity: every token is checked to hold no whitespace or control characters.
 */
public record NodeFix(
    String target,
    String diagnosisId,
    List<NatRule> rules,
    List<FixNodeGroup> groups,
    String digest) {
  private static final String DIGEST_PREFIX = "sha256:";

  /**
   * Checks every field and that {@code digest} is the digest of the rest, so a fix read back from a
   * store whose content or digest was changed is refused here.
   */
  public NodeFix {
    requireToken(target, "target");
    requireToken(diagnosisId, "diagnosis id");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(groups, "groups");
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a node fix has at least one rule");
    }
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("a node fix applies to at least one node");
    }
    rules = List.copyOf(rules);
    groups = groups.stream().sorted(Comparator.comparing(FixNodeGroup::fingerprint)).toList();
    requireDistinct(groups);
    String expected = digestOf(canonicalText(target, diagnosisId, rules, groups));
    if (!expected.equals(digest)) {
      throw new IllegalArgumentException(
          "the node fix's digest " + digest + " does not match its content (" + expected + ")");
    }
  }

  /** The fix with its digest computed. */
  public static NodeFix of(
      String target, String diagnosisId, List<NatRule> rules, List<FixNodeGroup> groups) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(groups, "groups");
    List<FixNodeGroup> sorted =
        groups.stream().sorted(Comparator.comparing(FixNodeGroup::fingerprint)).toList();
    String digest = digestOf(canonicalText(target, diagnosisId, List.copyOf(rules), sorted));
    return new NodeFix(target, diagnosisId, rules, groups, digest);
  }

  /** Every node the fix applies to, sorted. */
  public List<String> nodes() {
    return groups.stream().flatMap(g -> g.nodes().stream()).sorted().toList();
  }

  /** The first 12 hex characters of the digest, for messages and names. */
  public String shortDigest() {
    return digest.substring(DIGEST_PREFIX.length(), DIGEST_PREFIX.length() + 12);
  }

  /** The text the digest is computed over (see the type's description). */
  public String canonicalText() {
    return canonicalText(target, diagnosisId, rules, groups);
  }

  private static String canonicalText(
      String target, String diagnosisId, List<NatRule> rules, List<FixNodeGroup> groups) {
    StringBuilder text = new StringBuilder("peerfix-node-fix v1\n");
    text.append("target ").append(target).append('\n');
    text.append("diagnosis ").append(diagnosisId).append('\n');
    for (NatRule rule : rules) {
      text.append("rule ").append(String.join(" ", rule.iptablesArgs())).append('\n');
    }
    for (FixNodeGroup group : groups) {
      text.append("group ").append(group.fingerprint());
      group.nodes().forEach(node -> text.append(' ').append(node));
      text.append('\n');
    }
    return text.toString();
  }

  private static String digestOf(String canonical) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return DIGEST_PREFIX + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  private static void requireDistinct(List<FixNodeGroup> groups) {
    Set<String> fingerprints = new HashSet<>();
    Set<String> nodes = new HashSet<>();
    for (FixNodeGroup group : groups) {
      if (!fingerprints.add(group.fingerprint())) {
        throw new IllegalArgumentException(
            "two node groups share fingerprint " + group.fingerprint());
      }
      for (String node : group.nodes()) {
        if (!nodes.add(node)) {
          throw new IllegalArgumentException("node " + node + " is in two node groups");
        }
      }
    }
  }

  /** A non-empty token without whitespace or control characters (one field of the text). */
  static void requireToken(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the node fix's " + what + " is missing");
    }
    boolean clean =
        value
            .codePoints()
            .noneMatch(
                c ->
                    Character.isWhitespace(c)
                        || Character.isISOControl(c)
                        || Character.isSpaceChar(c));
    if (!clean) {
      throw new IllegalArgumentException(
          "the node fix's "
              + what
              + " \""
              + value
              + "\" must not contain spaces or control characters");
    }
  }
}
