package io.peerfix.bench;

import io.peerfix.bench.kubeproxy.ClusterShape;
import io.peerfix.bench.kubeproxy.KubeProxyTableGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate-nat-table}: writes a kube-proxy-shaped nat table of a large cluster
 * (iptables-save form) to a file or standard output, the input of the NAT benchmarks.
 */
@Command(
    name = "generate-nat-table",
    mixinStandardHelpOptions = true,
    description = "Write a kube-proxy (iptables mode) nat table of a synthetic cluster.")
public final class GenerateNatTable implements Callable<Integer> {
  @Option(
      names = "--services",
      defaultValue = "10000",
      description = "Number of services (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(
      names = "--endpoints",
      defaultValue = "3",
      description = "Endpoints per service (default: ${DEFAULT-VALUE}).")
  int endpoints;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of names and addresses (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "File to write (default: standard output).")
  Path out;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command; 0 written, 2 bad input, 1 could not write. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new GenerateNatTable());
    cli.setParameterExceptionHandler(
        (e, a) -> {
          cli.getErr().println("generate-nat-table: " + e.getMessage());
          return 2;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    ClusterShape shape;
    try {
      shape = new ClusterShape(services, endpoints, seed);
    } catch (IllegalArgumentException e) {
      System.err.println("generate-nat-table: " + e.getMessage());
      return 2;
    }
    String table = new KubeProxyTableGenerator(shape).generate();
    if (out == null) {
      PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
      stdout.print(table);
      stdout.flush();
      return 0;
    }
    try {
      Files.writeString(out, table, StandardCharsets.UTF_8);
      return 0;
    } catch (IOException e) {
      System.err.println("generate-nat-table: cannot write " + out + ": " + e.getMessage());
      return 1;
    }
  }
}
