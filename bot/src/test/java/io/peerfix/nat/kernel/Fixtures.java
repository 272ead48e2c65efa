package io.peerfix.nat.kernel;

import io.peerfix.testbed.NatTestbed;
import io.peerfix.testbed.Origin;
import io.peerfix.testbed.Probe;
import io.peerfix.testbed.Receiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The real-world nat tables (kubelet, kubenet, kube-proxy, ip-masq-agent, AWS VPC CNI, Calico,
 * flannel, Docker) kept as test resources, each with the probes to try: every source address of
 * every origin to every receiver address (TCP, and UDP for every other pair), plus the fixture's
 * own {@code # probe: ORIGIN PROTO SRC DST PORT} lines (e.g. to a service's cluster IP).
 */
final class Fixtures {
  static final List<String> NAMES =
      List.of(
          "kubelet-seed-incident",
          "kubelet-seed-incident-band-aid",
          "kubenet",
          "kube-proxy",
          "ip-masq-agent",
          "aws-vpc-cni",
          "aws-vpc-cni-connmark",
          "calico",
          "flannel",
          "docker",
          "goto-fall-through",
          "identity-dnat-ctstate");
  private static final String PROBE_LINE = "# probe:";

  private Fixtures() {}

  /** All fixtures; their probes use source ports from {@code firstPort} on, one each. */
  static List<DifferentialCase> load(int firstPort) {
    int port = firstPort;
    List<DifferentialCase> cases = new ArrayList<>();
    for (String name : NAMES) {
      String nat = resource(name + ".rules");
      String ipsets = name.equals("calico") ? resource(name + ".ipset") : "";
      List<Probe> probes = new ArrayList<>();
      for (Origin origin : NatTestbed.ORIGINS) {
        for (String src : origin.addresses()) {
          for (Receiver receiver : NatTestbed.RECEIVERS) {
            for (String dst : receiver.addresses()) {
              probes.add(new Probe(origin.name(), "tcp", src, port++, dst, 5432));
              if (probes.size() % 2 == 0) {
                probes.add(new Probe(origin.name(), "udp", src, port++, dst, 443));
              }
            }
          }
        }
      }
      for (String line : nat.split("\n")) {
        if (line.startsWith(PROBE_LINE)) {
          String[] f = line.substring(PROBE_LINE.length()).trim().split("\\s+");
          probes.add(new Probe(f[0], f[1], f[2], port++, f[3], Integer.parseInt(f[4])));
        }
      }
      cases.add(new DifferentialCase("fixture " + name, false, nat, ipsets, probes));
    }
    return cases;
  }

  static String resource(String file) {
    try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource fixtures/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
