package io.peerfix.agent.reconcile;

import io.peerfix.agent.IpOutput;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fix.NodeView;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the agent checks a fix's rules against on its own node before writing them: the interfaces
 * that exist ({@code ip -o link show}), the node's IPv4 addresses ({@code ip -o -4 addr show}) and
 * a pod address to evaluate the pod-to-target packet from (the pod bridge's range, or the range the
 * agent was given).
 */
public final class NodeInspector {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final List<String> BRIDGES = List.of("cbr0", "cni0");

  private final CommandRunner runner;

  public NodeInspector(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * The node's interfaces and addresses, and its address per interface; or the error of an {@code
   * ip} command that failed (timed out on a loaded node), when nothing of it can be trusted: an
   * empty answer is not a node without interfaces.
   */
  public record Inspection(
      NodeView view, List<IpOutput.InterfaceAddress> addresses, Optional<String> error) {
    /** The first address on {@code device}, if it has one. */
    public Optional<Ipv4> addressOf(String device) {
      return addresses.stream()
          .filter(a -> a.device().equals(device))
          .map(a -> Ipv4.parse(a.address()))
          .findFirst();
    }

    /**
     * An address in the pod range to evaluate from: the second address of {@code podCidr} when
     * given, else of the pod bridge's range (the first is the bridge's own), if there is one.
     */
    public Optional<Ipv4> podAddress(Optional<Cidr> podCidr) {
      Optional<Cidr> range =
          podCidr.or(
              () ->
                  BRIDGES.stream()
                      .flatMap(
                          b ->
                              addresses.stream()
                                  .filter(a -> a.device().equals(b))
                                  .map(
                                      a ->
                                          Cidr.containing(
                                              Ipv4.parse(a.address()), a.prefixLength())))
                      .findFirst());
      return range.filter(r -> r.size() > 2).map(r -> Ipv4.of(r.first().value() + 2));
    }
  }

  public Inspection inspect(String nodeName) {
    CommandResult addr = runner.run(List.of("ip", "-o", "-4", "addr", "show"), TIMEOUT);
    CommandResult link = runner.run(List.of("ip", "-o", "link", "show"), TIMEOUT);
    Optional<String> error =
        Stream.of(addr, link).filter(r -> !r.ok()).map(CommandResult::describeFailure).findFirst();
    List<IpOutput.InterfaceAddress> addresses = IpOutput.addresses(addr.ok() ? addr.stdout() : "");
    Set<String> interfaces = new LinkedHashSet<>();
    for (String line : (link.ok() ? link.stdout() : "").split("\n")) {
      String[] parts = line.split(":\\s+", 3);
      if (parts.length >= 2) {
        String name = parts[1];
        int at = name.indexOf('@');
        interfaces.add(at > 0 ? name.substring(0, at) : name);
      }
    }
    Set<Ipv4> own = new LinkedHashSet<>();
    addresses.forEach(a -> own.add(Ipv4.parse(a.address())));
    return new Inspection(new NodeView(nodeName, interfaces, own), addresses, error);
  }
}
