package io.peerfix.diagnosis;

import io.peerfix.facts.Cni;
import java.util.List;
import java.util.Objects;

/**
 * The network plugin's lasting fix, so the nodes masquerade pod traffic to the peer on their own:
 * the plugin, what to change, the snippet (a manifest, a flag, a command line) and, when one
 * command applies it, that command as arguments.
 */
public record CniFix(Cni cni, String description, String snippet, List<String> command)
    implements Fix {
  public CniFix {
    Objects.requireNonNull(cni, "cni");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(snippet, "snippet");
    command = List.copyOf(command);
  }

  @Override
  public FixKind kind() {
    return FixKind.CNI_CONFIG;
  }

  @Override
  public String scope() {
    return "cluster: " + cni.displayName() + " configuration (every node)";
  }

  @Override
  public String apply() {
    return snippet;
  }
}
