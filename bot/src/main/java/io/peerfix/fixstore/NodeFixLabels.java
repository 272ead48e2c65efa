package io.peerfix.fixstore;

import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeSelector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels on a {@code NodeFix} that let each agent watch only the fixes that concern its node,
 * so a thousand agents do not each receive every fix: {@value #SCOPE}{@code =every-node} on a fix
 * whose selector may pick any node (all nodes, or a label selector the agent checks against its own
 * labels), and for a fix for named nodes one label {@code nodes.peerfix.io/<node>} per node (the
 * node's name, or a hash of it when it is not a valid label name). An agent watches twice: {@code
 * peerfix.io/scope=every-node}, and the existence of its own node's label.
 */
public final class NodeFixLabels {
  public static final String SCOPE = "peerfix.io/scope";
  public static final String EVERY_NODE = "every-node";
  public static final String NAMED = "named";
  public static final String STATE = "peerfix.io/state";
  static final String NODE_PREFIX = "nodes.peerfix.io/";
  private static final Pattern LABEL_NAME = Pattern.compile("[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?");

  private NodeFixLabels() {}

  /** The labels of {@code fix}'s NodeFix object. */
  public static Map<String, String> of(FixRecord fix) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "peerfix");
    labels.put(STATE, fix.state().name());
    if (fix.selector().kind() == NodeSelector.Kind.NAMED) {
      labels.put(SCOPE, NAMED);
      fix.fix().nodes().forEach(node -> labels.put(nodeKey(node), "true"));
    } else {
      labels.put(SCOPE, EVERY_NODE);
    }
    return labels;
  }

  /** The label a fix for named nodes carries for {@code node}. */
  public static String nodeKey(String node) {
    return NODE_PREFIX + labelValue(node);
  }

  /** {@code text} when it is a valid label value (or name), else 16 hex digits of its hash. */
  static String labelValue(String text) {
    return LABEL_NAME.matcher(text).matches() ? text : hash(text);
  }

  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
