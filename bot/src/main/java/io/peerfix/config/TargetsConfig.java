package io.peerfix.config;

import io.peerfix.common.UserInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code targets:} list: the databases peerfix may be asked about, by name (names unique).
 * Absent, the list is empty.
 */
public record TargetsConfig(List<TargetConfig> targets) {
  public TargetsConfig {
    targets = List.copyOf(targets);
  }

  static TargetsConfig read(ConfigMap root) {
    List<ConfigMap> items = root.maps("targets");
    List<TargetConfig> targets = items.stream().map(TargetConfig::read).toList();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      Integer first = seen.putIfAbsent(targets.get(i).name(), i);
      if (first != null) {
        throw items
            .get(i)
            .error(
                "name",
                "'" + targets.get(i).name() + "' is already the name of targets[" + first + "]");
      }
    }
    return new TargetsConfig(targets);
  }

  public Optional<TargetConfig> find(String name) {
    return targets.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The target with this name.
   *
   * @throws UserInputException naming the configured targets when there is none
   */
  public TargetConfig get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new UserInputException(
                    "unknown target '"
                        + name
                        + "'; configured targets: "
                        + (targets.isEmpty()
                            ? "none (add them under targets: in the configuration file)"
                            : String.join(
                                ", ", targets.stream().map(TargetConfig::name).toList()))));
  }
}
