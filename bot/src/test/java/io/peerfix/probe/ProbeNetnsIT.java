package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.peerfix.exec.CommandResult;
import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Ipv4;
import io.peerfix.testing.PeerfixJar;
import io.peerfix.testing.TempNamespace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The probe inside network namespaces created per test, with no link to the root namespace: a
 * destination silently dropped by iptables (timeout), one without a route, and names answered by a
 * dnsmasq inside the namespace (the host's resolver is never asked).
 */
class ProbeNetnsIT {
  private static final String DROP_5432 =
      "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
          + "-A OUTPUT -d 10.99.0.1/32 -p tcp --dport 5432 -j DROP\nCOMMIT\n";

  /** 10.99.0.1 lives on a veth whose both ends are inside {@code ns}. */
  private static void addDestination(TempNamespace ns) {
    ns.vethPair("eth0", "vpeer0");
    ns.ip("addr", "add", "10.99.0.2/24", "dev", "eth0");
    ns.ip("addr", "add", "10.99.0.1/24", "dev", "vpeer0");
  }

  private static ProbeResult json(CommandResult run) {
    return ProbeJson.read(run.stdout(), ProbeResult.class);
  }

  @Test
  void aSilentlyDroppedSynTimesOutAfterTheTimeout() {
    try (TempNamespace ns = new TempNamespace()) {
      addDestination(ns);
      ns.execOk(DROP_5432, "iptables-restore");
      CommandResult run =
          PeerfixJar.runIn(
              ns.name(), "probe", "--host", "10.99.0.1", "--port", "5432", "--timeout", "1s");
      assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
      ConnectAttempt attempt = json(run).attempts().get(0);
      assertThat(attempt.outcome()).isEqualTo(ConnectOutcome.TIMED_OUT);
      assertThat(attempt.millis()).isBetween(900L, 1900L);
    }
  }

  @Test
  void aTimedOutConnectStillReportsTheSourceTheKernelChose() {
    try (TempNamespace ns = new TempNamespace()) {
      addDestination(ns);
      ns.execOk(DROP_5432, "iptables-restore");
      CommandResult run =
          PeerfixJar.runIn(
              ns.name(), "probe", "--host", "10.99.0.1", "--port", "5432", "--timeout", "500ms");
      assertThat(json(run).sourceAddress()).isEqualTo(Ipv4.parse("10.99.0.1"));
    }
  }

  @Test
  void aDestinationWithoutRouteIsUnreachable() {
    try (TempNamespace ns = new TempNamespace()) {
      CommandResult run =
          PeerfixJar.runIn(
              ns.name(), "probe", "--host", "10.98.0.1", "--port", "5432", "--timeout", "1s");
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(json(run).attempts().get(0).outcome()).isEqualTo(ConnectOutcome.UNREACHABLE);
    }
  }

  @Test
  void aNameThatDoesNotExistIsNxdomainAndNothingIsConnected() {
    try (TempNamespace ns = withDnsmasq()) {
      CommandResult run =
          PeerfixJar.runIn(ns.name(), "probe", "--host", "no-such-host.invalid", "--port", "5432");
      assertThat(run.exitCode()).isEqualTo(1);
      ProbeResult result = json(run);
      assertThat(result.dns().status()).isEqualTo(DnsStatus.NXDOMAIN);
      assertThat(result.attempts()).isEmpty();
      assertThat(result.error()).contains("NXDOMAIN");
    }
  }

  @Test
  void aResolvedNameKeepsItsAddressesAndIsConnectedTo() {
    try (TempNamespace ns = withDnsmasq()) {
      addDestination(ns);
      CommandResult run =
          PeerfixJar.runIn(
              ns.name(), "probe", "--host", "db.test", "--port", "5432", "--timeout", "1s");
      ProbeResult result = json(run);
      assertThat(result.dns().status()).isEqualTo(DnsStatus.RESOLVED);
      assertThat(result.dns().addresses()).containsExactly(Ipv4.parse("10.99.0.1"));
      // Nothing listens on 10.99.0.1:5432 and nothing drops it: the kernel resets.
      assertThat(result.attempts())
          .as(run.stdout())
          .extracting(ConnectAttempt::outcome)
          .containsExactly(ConnectOutcome.REFUSED);
    }
  }

  @Test
  void everyAddressOfANameIsTriedAtOnce() {
    try (TempNamespace ns = withDnsmasq()) {
      addDestination(ns);
      ns.ip("addr", "add", "10.99.0.3/24", "dev", "vpeer0");
      ns.execOk(DROP_5432, "iptables-restore");
      CommandResult run =
          PeerfixJar.runIn(
              ns.name(), "probe", "--host", "multi.test", "--port", "5432", "--timeout", "1s");
      ProbeResult result = json(run);
      assertThat(result.attempts())
          .as(run.stdout())
          .extracting(ConnectAttempt::address, ConnectAttempt::outcome)
          .containsExactlyInAnyOrder(
              tuple(Ipv4.parse("10.99.0.1"), ConnectOutcome.TIMED_OUT),
              tuple(Ipv4.parse("10.99.0.3"), ConnectOutcome.REFUSED));
      // One timeout for both, not one after the other.
      assertThat(result.millis()).isLessThan(1900);
    }
  }

  @Test
  void aResolverThatDoesNotAnswerIsAFailureNotNxdomain() {
    try (TempNamespace ns = new TempNamespace()) {
      ns.resolvConf("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
      CommandResult run =
          PeerfixJar.runIn(ns.name(), "probe", "--host", "db.test", "--port", "5432");
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(json(run).dns().status()).isEqualTo(DnsStatus.FAILED);
    }
  }

  @Test
  void aResolverThatStaysSilentIsGivenUpAfterTheTimeout() {
    try (TempNamespace ns = new TempNamespace()) {
      ns.resolvConf("nameserver 127.0.0.1\noptions timeout:5 attempts:2\n");
      ns.execOk(
          "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
              + "-A INPUT -p udp --dport 53 -j DROP\nCOMMIT\n",
          "iptables-restore");
      CommandResult run =
          PeerfixJar.runIn(
              ns.name(), "probe", "--host", "db.test", "--port", "5432", "--timeout", "1s");
      ProbeResult result = json(run);
      assertThat(result.dns().status()).isEqualTo(DnsStatus.FAILED);
      assertThat(result.dns().error()).isEqualTo("no answer from the resolver within 1000 ms");
      assertThat(result.millis()).isLessThan(5000);
    }
  }

  /**
   * A namespace whose resolver is a dnsmasq inside it: db.test is 10.99.0.1, multi.test is
   * 10.99.0.1 and 10.99.0.3, *.invalid does not exist. Host records (not --address) so that AAAA
   * queries get NODATA rather than NXDOMAIN, which glibc could take for the whole name's answer.
   */
  private static TempNamespace withDnsmasq() {
    TempNamespace ns = new TempNamespace();
    try {
      ns.resolvConf("nameserver 127.0.0.1\n");
      ns.start(
          "dnsmasq",
          "--keep-in-foreground",
          "--conf-file=/dev/null",
          "--no-resolv",
          "--no-hosts",
          "--listen-address=127.0.0.1",
          "--bind-interfaces",
          "--pid-file=",
          "--host-record=db.test,10.99.0.1",
          "--host-record=multi.test,10.99.0.1",
          "--host-record=multi.test,10.99.0.3",
          "--local=/test/",
          "--local=/invalid/");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> ns.exec(List.of("getent", "hosts", "db.test"), "", Duration.ofSeconds(3)).ok());
      return ns;
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
  }
}
