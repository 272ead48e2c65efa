package io.peerfix.nat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Shared helpers: evaluate rules for the usual pod packet, read fixture files. */
final class NatFixtures {
  static final String NODE_IP = "172.20.1.10";
  static final Packet POD_TO_DB = Packet.forwarded("10.244.1.5", "10.0.5.20", 5432);

  private NatFixtures() {}

  static NatVerdict evaluate(String rules, Packet packet) {
    return NatEvaluator.evaluate(NatDump.parse(rules), packet, NodeContext.of(NODE_IP));
  }

  static NatVerdict evaluate(String rules) {
    return evaluate(rules, POD_TO_DB);
  }

  /** A -S style table: builtins implicit, user chains declared with -N by the caller. */
  static String rules(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  static String resource(String name) {
    try (InputStream in = NatFixtures.class.getResourceAsStream("/nat/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
