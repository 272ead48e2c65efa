import io.peerfix.fix.FixEvent;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fixstore.LabFixStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads one approved fix's history from a lab's fix store and prints, from the instants the bot
 * and the agents recorded on the same machine's clock: seconds from the approval to the last node's
 * APPLIED status, to the VERIFIED (or NOT_VERIFIED) event, and the node count, as one line {@code
 * nodes=N applied_s=A verified_s=V state=S}. Exit 1 when a node is not APPLIED or the fix was not
 * verified. {@code java -cp bot/target/peerfix.jar bench/approval/ApprovalTimes.java DIR FIX
 * [START END]}: with the command's start and end (epoch seconds, as {@code date +%s.%N} prints
 * them), also the seconds from its start to the approval and from the verification to its end.
 */
public class ApprovalTimes {
  public static void main(String[] args) {
    LabFixStore store = new LabFixStore(Path.of(args[0]));
    FixRecord fix = store.get(args[1]).orElseThrow().value();
    Instant approved = at(fix, FixEvent.Kind.APPROVED).orElseThrow();
    Optional<Instant> verified =
        at(fix, FixEvent.Kind.VERIFIED).or(() -> at(fix, FixEvent.Kind.NOT_VERIFIED));
    List<NodeStatus> nodes = store.nodeStatuses(fix.name());
    boolean allApplied =
        !nodes.isEmpty() && nodes.stream().allMatch(s -> s.state() == NodeFixState.APPLIED);
    Instant lastApplied =
        nodes.stream().map(NodeStatus::at).max(Instant::compareTo).orElse(approved);
    System.out.printf(
        "nodes=%d applied_s=%.2f verified_s=%s state=%s%n",
        nodes.size(),
        seconds(approved, lastApplied),
        verified.map(v -> String.format("%.2f", seconds(approved, v))).orElse("none"),
        fix.state());
    if (args.length >= 4) {
      Instant start = epoch(args[2]);
      Instant end = epoch(args[3]);
      System.out.printf(
          "start_to_approval_s=%.2f verified_to_exit_s=%s%n",
          seconds(start, approved),
          verified.map(v -> String.format("%.2f", seconds(v, end))).orElse("none"));
    }
    System.exit(allApplied && fix.state().name().equals("VERIFIED") ? 0 : 1);
  }

  private static Instant epoch(String seconds) {
    java.math.BigDecimal s = new java.math.BigDecimal(seconds);
    return Instant.ofEpochSecond(
        s.longValue(), s.remainder(java.math.BigDecimal.ONE).movePointRight(9).longValue());
  }

  private static Optional<Instant> at(FixRecord fix, FixEvent.Kind kind) {
    return fix.events().stream().filter(e -> e.kind() == kind).map(FixEvent::at).findFirst();
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
