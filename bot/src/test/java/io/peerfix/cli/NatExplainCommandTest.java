package io.peerfix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatExplainCommandTest {
  private static final String SEED_SAVE =
      "*nat\n"
          + ":PREROUTING ACCEPT [0:0]\n"
          + ":INPUT ACCEPT [0:0]\n"
          + ":OUTPUT ACCEPT [0:0]\n"
          + ":POSTROUTING ACCEPT [0:0]\n"
          + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n"
          + "COMMIT\n";
  private static final String BAND_AID_SAVE =
      SEED_SAVE.replace(
          "-A POSTROUTING ! -d",
          "-A POSTROUTING -d 10.0.5.20/32 -o eth0 -j MASQUERADE\n-A POSTROUTING ! -d");

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static JsonNode json(CliRun run) throws IOException {
    return new ObjectMapper().readTree(run.out());
  }

  @Test
  void seedIncidentListingLeavesThePodSourceUntouched() throws IOException {
    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            Path.of("../docs/examples/seed-incident-nat.txt").toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:5432",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode verdict = json(run);
    assertThat(verdict.get("action").asText()).isEqualTo("NONE");
    assertThat(verdict.get("sourceAfter").asText()).isEqualTo("10.244.1.5");
    assertThat(verdict.get("format").asText()).isEqualTo("IPTABLES_LIST");
    assertThat(verdict.get("trace"))
        .anySatisfy(
            step -> {
              assertThat(step.get("chain").asText()).isEqualTo("POSTROUTING");
              assertThat(step.get("index").asInt()).isEqualTo(1);
              assertThat(step.get("text").asText())
                  .isEqualTo("-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE");
              assertThat(step.get("matched").asBoolean()).isFalse();
            });
  }

  @Test
  void bandAidRuleMasqueradesToTheNodeAddressAndIsNamedAsTheDecider() throws IOException {
    Path rules = write("band-aid.txt", BAND_AID_SAVE);

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            rules.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:5432",
            "--node-ip",
            "172.20.1.10",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode verdict = json(run);
    assertThat(verdict.get("action").asText()).isEqualTo("MASQUERADE");
    assertThat(verdict.get("sourceAfter").asText()).isEqualTo("172.20.1.10");
    assertThat(verdict.get("decidingRule").get("chain").asText()).isEqualTo("POSTROUTING");
    assertThat(verdict.get("decidingRule").get("index").asInt()).isEqualTo(1);
    assertThat(verdict.get("decidingRule").get("text").asText())
        .isEqualTo("-A POSTROUTING -d 10.0.5.20/32 -o eth0 -j MASQUERADE");
  }

  @Test
  void textOutputNamesTheDecidingRule() throws IOException {
    Path rules = write("band-aid.txt", BAND_AID_SAVE);

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            rules.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:5432",
            "--node-ip",
            "172.20.1.10");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("MASQUERADE").contains("172.20.1.10").contains("POSTROUTING");
  }

  @Test
  void masqueradeWithoutNodeIpIsAnsweredAndSaysWhatToPassForTheAddress() throws IOException {
    Path rules = write("seed.txt", SEED_SAVE);

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            rules.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "8.8.8.8:53");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).startsWith("MASQUERADE: ").contains("--node-ip");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void garbageDumpIsBadInputNamingTheLine() throws IOException {
    Path rules =
        write("garbage.txt", "*nat\n:POSTROUTING ACCEPT [0:0]\nthis is not a rule\nCOMMIT\n");

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            rules.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("line 3").doesNotContain("at io.peerfix");
  }

  @Test
  void missingRulesFileIsBadInput() {
    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            dir.resolve("nope.txt").toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope.txt").contains("no such file");
  }

  @Test
  void destinationWithBadPortIsBadInput() throws IOException {
    Path rules = write("seed.txt", SEED_SAVE);

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            rules.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:99999");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("99999").contains("1-65535");
  }

  @Test
  void aNodeAddressWithLeadingZerosIsRefusedNotNormalised() throws IOException {
    Path rules = write("seed.txt", SEED_SAVE);

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            rules.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:5432",
            "--node-ip",
            "010.020.1.10");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"010.020.1.10\"").contains("leading zero");
    assertThat(run.out()).doesNotContain("10.20.1.10");
  }

  @Test
  void ipv6SourceIsBadInputThatSaysIpv4Only() throws IOException {
    Path rules = write("seed.txt", SEED_SAVE);

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            rules.toString(),
            "--src",
            "fd00::5",
            "--dst",
            "10.0.5.20");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("IPv6");
  }

  @Test
  void missingRequiredOptionIsBadInputWithUsageHint() {
    CliRun run = CliRun.of("nat", "explain", "--src", "10.244.1.5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--rules").contains("--help");
  }

  @Test
  void badMarkIsBadInput() throws IOException {
    Path rules = write("seed.txt", SEED_SAVE);

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            rules.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20",
            "--mark",
            "0xZZ");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("0xZZ");
  }

  @Test
  void aBinaryIpsetFileIsBlamedOnTheIpsetOptionNotOnIptablesOutput() throws IOException {
    Path sets = dir.resolve("sets.bin");
    Files.write(sets, new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, 0x01, 0x02});

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            Path.of("../docs/examples/seed-incident-nat.txt").toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:5432",
            "--ipset",
            sets.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--ipset " + sets + ": line 1: ")
        .contains("not ipset output")
        .doesNotContain("iptables output");
  }

  @Test
  void aProtocolOtherThanTcpOrUdpIsBadInput() {
    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            Path.of("../docs/examples/seed-incident-nat.txt").toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:5432",
            "--proto",
            "icmp");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("bad --proto 'icmp'").contains("tcp or udp");
  }

  @Test
  void aNoflushPayloadIsAppliedOntoItsBase() throws IOException {
    Path base = write("base.txt", SEED_SAVE);
    Path payload =
        write(
            "payload.txt",
            "*nat\n:PF-MASQ - [0:0]\n-A PF-MASQ -d 10.0.5.20/32 -j MASQUERADE\n"
                + "-I POSTROUTING 1 -o eth0 -j PF-MASQ\nCOMMIT\n");

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--base",
            base.toString(),
            "--rules",
            payload.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:5432",
            "--node-ip",
            "172.20.1.10",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode verdict = json(run);
    assertThat(verdict.get("action").asText()).isEqualTo("MASQUERADE");
    assertThat(verdict.get("sourceAfter").asText()).isEqualTo("172.20.1.10");
    assertThat(verdict.get("decidingRule").get("chain").asText()).isEqualTo("PF-MASQ");
  }

  @Test
  void aNoflushPayloadWithoutItsBaseIsRefusedSayingToGiveTheBase() throws IOException {
    Path payload = write("payload.txt", "*nat\n-D POSTROUTING 1\nCOMMIT\n");

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--rules",
            payload.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:5432");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("line 2").contains("--base FILE").doesNotContain("Exception");
  }

  @Test
  void aPayloadTheKernelRefusesOntoItsBaseNamesThePayloadsLine() throws IOException {
    Path base = write("base.txt", SEED_SAVE);
    Path payload = write("payload.txt", "*nat\n# drop the old rule\n-D POSTROUTING 2\nCOMMIT\n");

    CliRun run =
        CliRun.of(
            "nat",
            "explain",
            "--base",
            base.toString(),
            "--rules",
            payload.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:5432");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--rules " + payload)
        .contains("line 3")
        .contains("chain POSTROUTING has no rule 2 (it has 1)")
        .doesNotContain("--base FILE");
  }
}
