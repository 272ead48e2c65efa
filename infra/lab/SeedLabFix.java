import io.peerfix.approval.FixGuard;
import io.peerfix.approval.LabApprovers;
import io.peerfix.fix.Actor;
import io.peerfix.fix.AllowedDestinations;
import io.peerfix.fix.Decision;
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
import java.util.List;

/**
 * A fixture for scripts that need a fix in a lab fix store without a lab to diagnose (the image
 * test's single bare node namespace, the idle-agent benchmark's nodes): stores the seed incident's
 * node fix for one node (masquerade the database's address out of eth0, in the seed's address
 * plan: what {@code peerfix fix plan --lab} proposes for it) through the same guard the plan
 * command stores its proposal with, optionally approves it as the lab's approver, and prints the
 * fix's name and digest. Exits 2 on bad arguments, 1 when the guard refuses.
 *
 * <pre>
 * java -cp peerfix.jar infra/lab/SeedLabFix.java STATE-DIR NODE [--approve]
 * </pre>
 */
public final class SeedLabFix {
  private static final String USAGE =
      "usage: java -cp peerfix.jar infra/lab/SeedLabFix.java STATE-DIR NODE [--approve]";

  private SeedLabFix() {}

  public static void main(String[] args) {
    boolean approve = args.length == 3 && args[2].equals("--approve");
    if (args.length != 2 && !approve) {
      System.err.println(USAGE);
      System.exit(2);
    }
    NodeFix fix =
        NodeFix.of(
            "rds-prod",
            "seed-lab-fix",
            List.of(NatRule.masquerade(Cidr.parse("10.0.5.20/32"), "eth0")),
            List.of(new FixNodeGroup("seed-lab-fix", List.of(args[1]))));
    AllowedDestinations allowed =
        new AllowedDestinations(
            Ipv4.parse("10.0.5.20"),
            List.of(Cidr.parse("10.0.0.0/16")),
            List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("172.20.0.0/16")));
    FixGuard guard =
        new FixGuard(new LabFixStore(Path.of(args[0])), LabApprovers.POLICY, Clock.systemUTC());
    FixRecord stored =
        accepted(
            "proposal",
            guard.propose(fix, NodeSelector.all(), allowed, Actor.user("seed-lab-requester")));
    if (approve) {
      accepted(
          "approval",
          guard.approve(stored.name(), Actor.user(LabApprovers.APPROVER), stored.digest()));
    }
    System.out.println(stored.name() + " " + stored.digest());
  }

  private static FixRecord accepted(String what, Decision decision) {
    if (decision.result() == Decision.Result.REFUSED) {
      System.err.println(
          "the " + what + " was refused: " + decision.refusal().map(r -> r.message()).orElse(""));
      System.exit(1);
    }
    return decision.record();
  }
}
