package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import java.util.List;
import java.util.Objects;

/** A VPC: its id and every IPv4 CIDR block associated with it (primary first). */
public record Vpc(String id, List<Cidr> cidrs) {
  public Vpc {
    Objects.requireNonNull(id, "id");
    cidrs = List.copyOf(cidrs);
  }
}
