package io.peerfix.lab;

import io.peerfix.common.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a lab's network namespaces: {@code <lab>-router}, {@code <lab>-dns}, {@code
 * <lab>-target}, {@code <lab>-node<i>} and {@code <lab>-pod<i>}. Every namespace a lab creates has
 * its lab's name as prefix, so labs with different names never touch each other.
 */
public record LabLayout(String lab, int nodes) {
  private static final Pattern LAB_NAME = Pattern.compile("[a-z][a-z0-9]{0,19}");
  private static final Pattern MEMBER = Pattern.compile("(node|pod)(\\d+)|router|dns|target");

  public LabLayout {
    checkName(lab);
  }

  /** Fails with a clear message unless {@code lab} is 1-20 lower-case letters and digits. */
  public static void checkName(String lab) {
    if (lab == null || !LAB_NAME.matcher(lab).matches()) {
      throw new UserInputException(
          "lab name must be 1-20 lower-case letters or digits starting with a letter, got '"
              + lab
              + "'");
    }
  }

  public String router() {
    return lab + "-router";
  }

  public String dns() {
    return lab + "-dns";
  }

  public String target() {
    return lab + "-target";
  }

  public String node(int i) {
    return lab + "-node" + i;
  }

  public String pod(int i) {
    return lab + "-pod" + i;
  }

  /** Members in the order {@code status} shows them: router, dns, target, then node/pod pairs. */
  public List<String> members() {
    List<String> out = new ArrayList<>(List.of("router", "dns", "target"));
    for (int i = 1; i <= nodes; i++) {
      out.add("node" + i);
      out.add("pod" + i);
    }
    return out;
  }

  /** Every namespace of the lab, in {@link #members()} order. */
  public List<String> namespaces() {
    return members().stream().map(this::namespaceOf).toList();
  }

  /** Namespaces whose programs resolve names through the lab's DNS server: nodes and pods. */
  public List<String> resolvingNamespaces() {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      out.add(node(i));
      out.add(pod(i));
    }
    return out;
  }

  /** The namespace of member {@code member} (node1..nodeN, pod1..podN, router, dns, target). */
  public String namespaceOf(String member) {
    Matcher m = MEMBER.matcher(member == null ? "" : member);
    if (m.matches()) {
      if (m.group(1) == null) {
        return lab + "-" + member;
      }
      int i = Integer.parseInt(m.group(2));
      if (i >= 1 && i <= nodes && m.group(2).equals(Integer.toString(i))) {
        return lab + "-" + member;
      }
    }
    throw new UserInputException(
        "no lab member '"
            + member
            + "'; members are router, dns, target, node1..node"
            + nodes
            + ", pod1..pod"
            + nodes);
  }

  /** True when {@code namespace} is named like one of this lab's namespaces, for any node count. */
  public boolean owns(String namespace) {
    if (!namespace.startsWith(lab + "-")) {
      return false;
    }
    String rest = namespace.substring(lab.length() + 1);
    return MEMBER.matcher(rest).matches();
  }
}
