package io.peerfix.bench.diagnosis;

import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.Observations;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * CPU of one diagnosis over a large cluster once collection is done (issue 8: what the runner
 * spends after the probes answer), in one process: {@code rounds} times a fresh {@link
 * Diagnoser#standard()} (nothing cached from the round before, as for a new diagnosis) over the
 * same {@link ClusterWorld} observations, after {@code warmup} rounds. Prints one line: nodes, the
 * root cause, and the median and minimum thread CPU and wall time per diagnosis in ms.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.peerfix.bench.diagnosis.DiagnoserCpu 1000 5 10</pre>
 *
 * Arguments: nodes (default 1000), warm-up rounds (5), measured rounds (10).
 */
public final class DiagnoserCpu {
  private DiagnoserCpu() {}

  public static void main(String[] args) {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Observations observations = ClusterWorld.observations(nodes);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] cpu = new long[rounds];
    long[] wall = new long[rounds];
    Diagnosis last = null;
    for (int r = -warmup; r < rounds; r++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      last = Diagnoser.standard().diagnose(observations, "bench");
      if (r >= 0) {
        cpu[r] = threads.getCurrentThreadCpuTime() - cpu0;
        wall[r] = System.nanoTime() - wall0;
      }
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    System.out.printf(
        "nodes %d cause %s cpu_median_ms %.1f cpu_min_ms %.1f wall_median_ms %.1f wall_min_ms"
            + " %.1f%n",
        nodes,
        last.rootCause(),
        cpu[rounds / 2] / 1e6,
        cpu[0] / 1e6,
        wall[rounds / 2] / 1e6,
        wall[0] / 1e6);
  }
}
