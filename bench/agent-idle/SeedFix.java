import io.peerfix.approval.FixGuard;
import io.peerfix.fix.Actor;
import io.peerfix.fix.AllowedDestinations;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixNodeGroup;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Writes one approved seed-incident fix for node NODE into the lab fix store DIR, so the idle agent
 * of the benchmark carries a fix:
 * {@code java -cp bot/target/peerfix.jar bench/agent-idle/SeedFix.java DIR NODE}.
 */
public class SeedFix {
  public static void main(String[] args) {
    LabFixStore store = new LabFixStore(Path.of(args[0]));
    FixGuard guard =
        new FixGuard(
            store,
            new ApprovalPolicy(Set.of("bench-approver"), Set.of(), false, Duration.ofMinutes(30)),
            Clock.systemUTC());
    NodeFix fix =
        NodeFix.of(
            "rds-prod",
            "bench",
            List.of(NatRule.masquerade(Cidr.parse("10.0.5.20/32"), "eth0")),
            List.of(new FixNodeGroup("fp-bench", List.of(args[1]))));
    AllowedDestinations allowed =
        new AllowedDestinations(
            Ipv4.parse("10.0.5.20"),
            List.of(Cidr.parse("10.0.0.0/16")),
            List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("172.20.0.0/16")));
    FixRecord proposed =
        guard.propose(fix, NodeSelector.all(), allowed, Actor.user("bench-requester")).record();
    guard.approve(proposed.name(), Actor.user("bench-approver"), proposed.digest());
    System.out.println(proposed.name());
  }
}
