package io.peerfix.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which of the configured approver groups (Slack user groups) a user is in, from {@code
 * usergroups.users.list}, each group's members cached for a while and read again when stale. When a
 * group cannot be read and no earlier answer is fresh enough, the user counts as not in it: an
 * approval never rests on a membership peerfix could not check.
 */
final class GroupDirectory {
  static final Duration FRESH = Duration.ofMinutes(5);

  /** How long a last known membership stands in when Slack cannot answer. */
  static final Duration STALE_LIMIT = Duration.ofMinutes(30);

  private record Members(Set<String> users, Instant read) {}

  private final SlackCalls calls;
  private final Clock clock;
  private final Map<String, Members> cache = new ConcurrentHashMap<>();

  GroupDirectory(SlackCalls calls, Clock clock) {
    this.calls = calls;
    this.clock = clock;
  }

  /** The groups among {@code groups} that {@code user} belongs to now. */
  Set<String> groupsOf(MethodsClient client, String user, Set<String> groups) {
    Set<String> in = new HashSet<>();
    for (String group : groups) {
      members(client, group).filter(m -> m.contains(user)).ifPresent(m -> in.add(group));
    }
    return in;
  }

  private Optional<Set<String>> members(MethodsClient client, String group) {
    Instant now = clock.instant();
    Members known = cache.get(group);
    if (known != null && Duration.between(known.read(), now).compareTo(FRESH) < 0) {
      return Optional.of(known.users());
    }
    Optional<List<String>> read =
        calls
            .call(
                "usergroups.users.list", () -> client.usergroupsUsersList(r -> r.usergroup(group)))
            .map(UsergroupsUsersListResponse::getUsers);
    if (read.isPresent()) {
      Set<String> users = Set.copyOf(read.get());
      cache.put(group, new Members(users, now));
      return Optional.of(users);
    }
    if (known != null && Duration.between(known.read(), now).compareTo(STALE_LIMIT) < 0) {
      return Optional.of(known.users());
    }
    return Optional.empty();
  }
}
