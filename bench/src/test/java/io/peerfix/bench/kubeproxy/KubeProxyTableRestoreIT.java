package io.peerfix.bench.kubeproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.Netns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's own tools accept the generated table: {@code iptables-restore --test} (nft and
 * legacy back ends) in a private network namespace made for this run and removed afterwards.
 */
class KubeProxyTableRestoreIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Netns NETNS = new Netns(new ProcessCommandRunner());
  private static final String NS =
      "pfb" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000, 0x7fffffff));

  @TempDir static Path dir;
  private static Path table;

  @BeforeAll
  static void writeTableAndMakeNamespace() throws IOException {
    table = dir.resolve("kube-proxy-nat.txt");
    String text = new KubeProxyTableGenerator(ClusterShape.largeCluster()).generate();
    Files.writeString(table, text, StandardCharsets.UTF_8);
    NETNS.add(NS);
  }

  @AfterAll
  static void removeNamespace() {
    NETNS.delete(NS);
  }

  @Test
  void iptablesRestoreAcceptsTheLargeClusterTable() {
    CommandResult result = restoreTest("iptables-restore");

    assertThat(result.ok()).as(result.describeFailure()).isTrue();
  }

  @Test
  void legacyIptablesRestoreAcceptsTheLargeClusterTable() {
    CommandResult result = restoreTest("iptables-legacy-restore");

    assertThat(result.ok()).as(result.describeFailure()).isTrue();
  }

  private static CommandResult restoreTest(String tool) {
    return NETNS.exec(NS, List.of(tool, "--test", table.toString()), TIMEOUT);
  }
}
