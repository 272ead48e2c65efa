package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class IpSetsTest {
  private static final String SAVE =
      "create nets hash:net family inet hashsize 1024 maxelem 65536\n"
          + "add nets 10.0.0.0/16\n"
          + "add nets 10.0.5.0/24 nomatch\n"
          + "add nets 10.0.5.20 timeout 0\n"
          + "create ips hash:ip family inet hashsize 1024 maxelem 65536\n"
          + "add ips 10.0.5.21\n"
          + "create ports hash:ip,port family inet hashsize 1024 maxelem 65536\n"
          + "add ports 10.0.5.20,tcp:5432\n"
          + "create range bitmap:ip range 10.0.6.0-10.0.6.255\n"
          + "add range 10.0.6.10-10.0.6.20\n"
          + "create macs hash:mac hashsize 1024\n";

  private static NatAction action(String match, Packet packet) {
    NatTable table = NatDump.parse("-A POSTROUTING " + match + " -j MASQUERADE\n");
    NodeContext node = NodeContext.of(NatFixtures.NODE_IP).withIpSets(IpSets.parseSave(SAVE));
    return NatEvaluator.evaluate(table, packet, node).action();
  }

  private static Packet to(String dst) {
    return Packet.forwarded("10.244.1.5", dst, 5432);
  }

  @Test
  void theMostSpecificNetDecidesIncludingNomatchExceptions() {
    assertThat(action("-m set --match-set nets dst", to("10.0.1.1")))
        .isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-m set --match-set nets dst", to("10.0.5.9"))).isEqualTo(NatAction.NONE);
    assertThat(action("-m set --match-set nets dst", to("10.0.5.20")))
        .isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-m set ! --match-set nets dst", to("10.1.0.1")))
        .isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void hashIpSetsMatchSourceOrDestination() {
    assertThat(action("-m set --match-set ips dst", to("10.0.5.21")))
        .isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-m set --match-set ips src", to("10.0.5.21"))).isEqualTo(NatAction.NONE);
  }

  @Test
  void ipPortSetsMatchAddressAndPort() {
    assertThat(action("-m set --match-set ports dst,dst", to("10.0.5.20")))
        .isEqualTo(NatAction.MASQUERADE);
    assertThat(
            action(
                "-m set --match-set ports dst,dst",
                Packet.forwarded("10.244.1.5", "10.0.5.20", 5433)))
        .isEqualTo(NatAction.NONE);
  }

  @Test
  void bitmapRangesAreMatched() {
    assertThat(action("-m set --match-set range dst", to("10.0.6.15")))
        .isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-m set --match-set range dst", to("10.0.6.21"))).isEqualTo(NatAction.NONE);
  }

  @Test
  void aSetOfAnUnmodeledTypeMakesTheAnswerDependOnIt() {
    assertThat(action("-m set --match-set macs src", to("10.0.6.15")))
        .isEqualTo(NatAction.INDETERMINATE);
  }

  @Test
  void malformedIpsetSaveNamesTheLine() {
    NatParseException error =
        catchThrowableOfType(
            () -> IpSets.parseSave("create a hash:ip\nadd a 10.0.0.300\n"),
            NatParseException.class);

    assertThat(error.line()).isEqualTo(2);
    assertThat(error.getMessage()).contains("10.0.0.300");
  }

  @Test
  void addingToASetNotCreatedIsRefused() {
    NatParseException error =
        catchThrowableOfType(
            () -> IpSets.parseSave("add nope 10.0.0.1\n"), NatParseException.class);

    assertThat(error.getMessage()).contains("not created");
  }
}
