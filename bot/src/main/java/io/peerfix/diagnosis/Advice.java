package io.peerfix.diagnosis;

import java.util.List;
import java.util.Objects;

/** A fix no single command applies (a DNS record, an address plan, the database's listener). */
public record Advice(FixKind kind, String scope, String description, String apply) implements Fix {
  public Advice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(description, "description");
    apply = apply == null ? "" : apply;
  }

  @Override
  public List<String> command() {
    return List.of();
  }
}
