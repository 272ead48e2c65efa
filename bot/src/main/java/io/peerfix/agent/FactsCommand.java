package io.peerfix.agent;

import io.peerfix.common.UserInputException;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.net.Cidr;
import io.peerfix.probe.ProbeJson;
import io.peerfix.probe.ProbeOptions;
import io.peerfix.probe.Prober;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerfix agent facts}: this node's nat table, ipsets, addresses, routes, pod range and CNI,
 * and a probe of the target from the host network, as one JSON object. Exit code 0 when the nat
 * table was read, 1 when it could not be (the JSON still says what was found), 2 for bad input.
 */
@Command(
    name = "facts",
    mixinStandardHelpOptions = true,
    description = {
      "Print this node's network facts (nat table through the backend in use, ipsets, addresses,"
          + " routes, pod range, CNI) and a host-network probe of --target, as one JSON object.",
      "Exit code: 0 facts read, 1 nat table could not be read, 2 bad input."
    })
final class FactsCommand implements Callable<Integer> {

  @Option(
      names = "--target",
      paramLabel = "HOST:PORT",
      description = "The target to probe from the host network, e.g. 10.0.5.20:5432.")
  String target;

  @Option(
      names = "--protocol",
      defaultValue = "tcp",
      paramLabel = "PROTOCOL",
      description = "The probe's protocol: tcp, postgres or mysql (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(
      names = "--timeout",
      defaultValue = "2s",
      paramLabel = "DURATION",
      description = "Probe timeout, e.g. 500ms or 2s (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--node-name",
      paramLabel = "NAME",
      description = "Node name (default: $NODE_NAME, else hostname).")
  String nodeName;

  @Option(
      names = "--pod-cidr",
      paramLabel = "CIDR",
      description = "Pod range (default: $POD_CIDR, else the cbr0/cni0 bridge's network).")
  String podCidr;

  @Option(
      names = "--json",
      description = "Accepted for symmetry with other commands: the output is always JSON.")
  boolean json;

  @Option(
      names = "--published",
      description =
          "Print what the agent publishes instead: the nat table's slice (read chain by chain on"
              + " nf_tables), as {\"facts\": ..., \"natSlice\": ...}.")
  boolean published;

  @Override
  public Integer call() {
    ProbeRequest request = target == null ? null : ProbeOptions.target(target, timeout, protocol);
    NodeFactsCollector.Request what =
        new NodeFactsCollector.Request(nodeName(), podCidr(), request);
    NodeFactsCollector collector = new NodeFactsCollector(new ProcessCommandRunner(), new Prober());
    if (published) {
      NodeFactsCollector.Published p = collector.collectForPublishing(what);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("facts", p.facts());
      p.slice().ifPresent(s -> out.put("natSlice", s));
      System.out.println(ProbeJson.write(out));
      return NodeFactsCollector.natTableRead(p.facts()) ? 0 : 1;
    }
    NodeFacts facts = collector.collect(what);
    System.out.println(ProbeJson.write(facts));
    return NodeFactsCollector.natTableRead(facts) ? 0 : 1;
  }

  private String nodeName() {
    return RunCommand.NodeNames.resolve(nodeName);
  }

  private Cidr podCidr() {
    String given = podCidr != null ? podCidr : System.getenv("POD_CIDR");
    if (given == null || given.isBlank()) {
      return null;
    }
    try {
      return Cidr.parse(given.strip());
    } catch (IllegalArgumentException e) {
      throw new UserInputException("bad pod range: " + e.getMessage(), e);
    }
  }
}
