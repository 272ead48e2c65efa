package io.peerfix.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.Netns;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The testbed itself: real connections show the addresses the kernel really produced. */
class NatTestbedIT {
  private static NatTestbed bed;
  private static int port = 30000;

  @BeforeAll
  static void startTestbed() {
    bed = NatTestbed.start();
  }

  @AfterAll
  static void removeTestbed() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void aPodConnectionArrivesWithThePodAddressWhenNothingIsNatted() {
    bed.load("*nat\nCOMMIT\n", "").orThrow();

    ProbeOutcome outcome =
        bed.probe(new Probe("podA", "tcp", "100.64.1.5", port++, "10.0.5.20", 5432));

    assertThat(outcome.status()).isEqualTo(ProbeOutcome.Status.ANSWERED);
    assertThat(outcome.peerAddress()).isEqualTo("100.64.1.5");
    assertThat(outcome.localAddress()).isEqualTo("10.0.5.20");
  }

  @Test
  void masqueradeMakesAPodConnectionArriveWithTheEgressAddress() {
    bed.load("*nat\n-A POSTROUTING -o eth1 -j MASQUERADE\nCOMMIT\n", "").orThrow();

    List<ProbeOutcome> outcomes =
        bed.probe(
            List.of(
                new Probe("podB", "udp", "172.17.0.2", port++, "198.51.100.20", 80),
                new Probe("podB", "tcp", "172.17.0.2", port++, "203.0.113.10", 80)));

    assertThat(outcomes)
        .extracting(ProbeOutcome::peerAddress)
        .containsExactly("10.10.0.10", "172.17.0.2");
  }

  @Test
  void snatFromAnIpsetRuleChangesTheSourceOfTheNodesOwnTraffic() {
    bed.load(
            "*nat\n-A POSTROUTING -m set --match-set dbs dst -j SNAT --to-source 100.99.0.1\nCOMMIT\n",
            "create dbs hash:ip family inet\nadd dbs 10.0.6.30\n")
        .orThrow();

    ProbeOutcome outcome =
        bed.probe(new Probe("node", "tcp", "10.244.1.1", port++, "10.0.6.30", 443));

    assertThat(outcome.peerAddress()).isEqualTo("100.99.0.1");
  }

  @Test
  void theKernelRejectsARuleSetWithAnUnknownTarget() {
    assertThat(bed.load("*nat\n-A POSTROUTING -j NO-SUCH-CHAIN\nCOMMIT\n", "").ok()).isFalse();
  }

  @Test
  void closingTheTestbedRemovesItsNamespaces() {
    Netns netns = new Netns(new ProcessCommandRunner());
    NatTestbed other = NatTestbed.start();
    String node = other.nodeNamespace();
    String prefix = node.substring(0, node.indexOf('-'));
    assertThat(netns.list()).anyMatch(name -> name.startsWith(prefix));

    other.close();

    assertThat(netns.list()).noneMatch(name -> name.startsWith(prefix));
  }
}
