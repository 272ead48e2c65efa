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
 * The image test's fixture: stores the seed incident's node fix as a proposal in a lab fix store,
 * through the same guard {@code peerfix fix plan --lab} stores its proposal with, and prints the
 * fix's name and digest. The plan command itself needs a running lab to diagnose; the image test
 * has only one bare node namespace, so this writes what that diagnosis proposes for the seed
 * incident (masquerade the database's address out of eth0, in the seed's address plan), and the
 * approval then goes through {@code peerfix fix approve} in the image.
 *
 * <pre>
 * java -cp peerfix.jar infra/image/ProposeLabFix.java STATE-DIR NODE
 * </pre>
 */
public final class ProposeLabFix {
  private ProposeLabFix() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: java -cp peerfix.jar ProposeLabFix.java STATE-DIR NODE");
      System.exit(2);
    }
    NodeFix fix =
        NodeFix.of(
            "rds-prod",
            "imagetest",
            List.of(NatRule.masquerade(Cidr.parse("10.0.5.20/32"), "eth0")),
            List.of(new FixNodeGroup("imagetest", List.of(args[1]))));
    AllowedDestinations allowed =
        new AllowedDestinations(
            Ipv4.parse("10.0.5.20"),
            List.of(Cidr.parse("10.0.0.0/16")),
            List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("172.20.0.0/16")));
    FixGuard guard =
        new FixGuard(new LabFixStore(Path.of(args[0])), LabApprovers.POLICY, Clock.systemUTC());
    Decision proposal =
        guard.propose(fix, NodeSelector.all(), allowed, Actor.user("imagetest-requester"));
    if (proposal.result() == Decision.Result.REFUSED) {
      System.err.println(
          "the proposal was refused: " + proposal.refusal().map(r -> r.message()).orElse(""));
      System.exit(1);
    }
    FixRecord stored = proposal.record();
    System.out.println(stored.name() + " " + stored.digest());
  }
}
