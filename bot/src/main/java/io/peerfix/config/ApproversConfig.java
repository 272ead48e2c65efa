package io.peerfix.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code approvers:} section: who may approve node fixes, by user id and by group id, whether
 * the requester may approve their own fix (default false), and, for the lab and the terminal where
 * no Slack workspace says who is in a group, each group's members:
 *
 * <pre>{@code
 * approvers:
 *   users: [U012AB3CD]
 *   groups: [S0NETOPS]
 *   allowSelfApproval: false
 *   groupMembers:            # terminal and lab only; Slack asks usergroups.users.list
 *     S0NETOPS: [U0ALICE, U0BOB]
 * }</pre>
 *
 * Absent, nobody is an approver (every approval is refused, saying so). Every id is letters, digits
 * or {@code _ . @ -}; a group in {@code groupMembers} must be one of {@code groups}.
 */
public record ApproversConfig(
    Set<String> users,
    Set<String> groups,
    boolean allowSelfApproval,
    Map<String, Set<String>> groupMembers) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");

  public ApproversConfig {
    users = Set.copyOf(users);
    groups = Set.copyOf(groups);
    Map<String, Set<String>> members = new LinkedHashMap<>();
    groupMembers.forEach((group, who) -> members.put(group, Set.copyOf(who)));
    groupMembers = Map.copyOf(members);
  }

  /** No approvers at all. */
  public static ApproversConfig none() {
    return new ApproversConfig(Set.of(), Set.of(), false, Map.of());
  }

  static ApproversConfig read(ConfigMap root) {
    Optional<ConfigMap> found = root.optionalMap("approvers");
    if (found.isEmpty()) {
      return none();
    }
    ConfigMap section = found.get();
    Set<String> users = ids(section, "users");
    Set<String> groups = ids(section, "groups");
    boolean self = section.bool("allowSelfApproval", false);
    Map<String, Set<String>> members = new LinkedHashMap<>();
    Optional<ConfigMap> memberMap = section.optionalMap("groupMembers");
    if (memberMap.isPresent()) {
      ConfigMap map = memberMap.get();
      for (String group : map.keys()) {
        if (!groups.contains(group)) {
          throw map.error(
              group,
              "'" + group + "' is not one of approvers.groups " + groups + "; add it there first");
        }
        members.put(group, ids(map, group));
      }
    }
    return new ApproversConfig(users, groups, self, members);
  }

  /** The groups among {@link #groups()} that list {@code user} in {@link #groupMembers()}. */
  public Set<String> groupsOf(String user) {
    Set<String> of = new TreeSet<>();
    groupMembers.forEach(
        (group, who) -> {
          if (who.contains(user)) {
            of.add(group);
          }
        });
    return of;
  }

  private static Set<String> ids(ConfigMap map, String key) {
    List<String> values = map.strings(key);
    for (String value : values) {
      if (!ID.matcher(value).matches()) {
        throw map.error(
            key,
            "'"
                + value
                + "' is not a user or group id: use letters, digits or _ . @ - (a Slack id like"
                + " U012AB3CD or S0NETOPS)");
      }
    }
    return new TreeSet<>(values);
  }
}
