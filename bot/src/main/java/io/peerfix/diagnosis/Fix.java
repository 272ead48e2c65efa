package io.peerfix.diagnosis;

import java.util.List;
import java.util.Objects;

/**
 * One proposed fix, computed from the observations: where it applies ({@code kind}), to what
 * ({@code scope}, e.g. "all 2 nodes whose nat table ..." or "AWS account"), what it does, a
 * ready-to-apply snippet ({@code apply}: a command line, a rule line or a manifest) and, when the
 * fix is one command, that command as an argument list (empty otherwise).
 */
public record Fix(
    FixKind kind, String scope, String description, String apply, List<String> command) {
  public Fix {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(description, "description");
    apply = apply == null ? "" : apply;
    command = command == null ? List.of() : List.copyOf(command);
  }

  /** A fix described in words and a snippet, with no single command. */
  public static Fix advice(FixKind kind, String scope, String description, String apply) {
    return new Fix(kind, scope, description, apply, List.of());
  }
}
