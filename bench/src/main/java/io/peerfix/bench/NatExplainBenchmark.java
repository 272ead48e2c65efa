package io.peerfix.bench;

import io.peerfix.bench.kubeproxy.ClusterShape;
import io.peerfix.bench.kubeproxy.KubeProxyTableGenerator;
import io.peerfix.exec.CoreThreads;
import io.peerfix.nat.NatDump;
import io.peerfix.nat.NatEvaluator;
import io.peerfix.nat.NatTable;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process cost of {@code peerfix nat explain} on a large kube-proxy nat table (10,000 services,
 * 3 endpoints each; about 152,000 lines, 17 MB): parsing the dump, evaluating one pod packet, and
 * both together (the target: under 150 ms). The table text is generated once per fork, outside the
 * measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
// The default collector, as in a long-running process; a fixed heap so that resizing adds no noise.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 10, time = 2)
public class NatExplainBenchmark {
  /** The pod packet of the seed incident: pod to the database in the peered VPC. */
  static final String POD = "10.244.1.5";

  static final String DATABASE = "10.0.5.20";
  static final int DATABASE_PORT = 5432;
  static final String NODE_IP = "172.20.1.10";

  @Param({"10000"})
  public int services;

  @Param({"3"})
  public int endpoints;

  private String dump;
  private NatTable table;
  private Packet packet;
  private NodeContext node;

  @Setup(Level.Trial)
  public void setUp() {
    dump = new KubeProxyTableGenerator(new ClusterShape(services, endpoints, 1L)).generate();
    table = NatDump.parse(dump);
    packet =
        Packet.builder()
            .src(POD)
            .dst(DATABASE)
            .dstPort(DATABASE_PORT)
            .inIface("cbr0")
            .outIface("eth0")
            .build();
    node = NodeContext.of(NODE_IP);
  }

  /** What {@code nat explain} does past start-up: read the dump, answer for one packet. */
  @Benchmark
  public NatVerdict parseAndEvaluate() {
    return NatEvaluator.evaluate(NatDump.parse(dump, CoreThreads.natParseHelpers()), packet, node);
  }

  /** Parsing the dump alone. */
  @Benchmark
  public NatTable parse() {
    return NatDump.parse(dump, CoreThreads.natParseHelpers());
  }

  /** Evaluating the pod packet against the parsed table alone. */
  @Benchmark
  public NatVerdict evaluate() {
    return NatEvaluator.evaluate(table, packet, node);
  }
}
