package io.peerfix.fix;

import java.util.Objects;
import java.util.Set;

/**
 * Who acts on a fix: a user id (a Slack user id, or the {@code --as} of the terminal) and the
 * groups the handler found that user in (Slack user groups, or the lab configuration). Never text
 * taken from a message.
 */
public record Actor(String id, Set<String> groups) {
  public Actor {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("an actor has a user id");
    }
    groups = Set.copyOf(groups);
  }

  public static Actor user(String id) {
    return new Actor(id, Set.of());
  }
}
