package io.peerfix.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CniDetectionTest {
  private static String nat(String... lines) {
    return "*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
        + String.join("\n", lines)
        + "\nCOMMIT\n";
  }

  @Test
  void ipMasqAgentIsToldByItsChain() {
    String table =
        nat(
            ":IP-MASQ-AGENT - [0:0]",
            "-A POSTROUTING -m addrtype ! --dst-type LOCAL -j IP-MASQ-AGENT",
            "-A IP-MASQ-AGENT -d 10.0.0.0/8 -j RETURN",
            "-A IP-MASQ-AGENT -j MASQUERADE");
    assertThat(CniDetection.detect(table)).isEqualTo(Cni.IP_MASQ_AGENT);
  }

  @Test
  void theAwsVpcCniIsToldByItsSnatChain() {
    String table =
        nat(
            ":AWS-SNAT-CHAIN-0 - [0:0]",
            "-A POSTROUTING -m comment --comment \"AWS SNAT CHAIN\" -j AWS-SNAT-CHAIN-0",
            "-A AWS-SNAT-CHAIN-0 -d 172.20.0.0/16 -j RETURN",
            "-A AWS-SNAT-CHAIN-0 ! -o vlan+ -j SNAT --to-source 172.20.1.10 --random-fully");
    assertThat(CniDetection.detect(table)).isEqualTo(Cni.AWS_VPC_CNI);
  }

  @Test
  void calicoIsToldByItsCaliChains() {
    String table =
        nat(
            ":cali-POSTROUTING - [0:0]",
            ":cali-nat-outgoing - [0:0]",
            "-A POSTROUTING -j cali-POSTROUTING",
            "-A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src -j MASQUERADE");
    assertThat(CniDetection.detect(table)).isEqualTo(Cni.CALICO);
  }

  @Test
  void ciliumIsToldByItsChains() {
    String table =
        nat(
            ":CILIUM_POST_nat - [0:0]",
            "-A POSTROUTING -j CILIUM_POST_nat",
            "-A CILIUM_POST_nat -s 10.0.1.0/24 ! -d 10.0.0.0/8 ! -o cilium_+ -j MASQUERADE");
    assertThat(CniDetection.detect(table)).isEqualTo(Cni.CILIUM);
  }

  @Test
  void flannelIsToldByItsPostroutingChain() {
    String table =
        nat(
            ":FLANNEL-POSTRTG - [0:0]",
            "-A POSTROUTING -j FLANNEL-POSTRTG",
            "-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE --random-fully");
    assertThat(CniDetection.detect(table)).isEqualTo(Cni.FLANNEL);
  }

  @Test
  void kubeletsHardCodedRuleIsKubenet() {
    assertThat(CniDetection.detect(nat("-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE")))
        .isEqualTo(Cni.KUBENET);
  }

  @Test
  void kubenetsCommentedFormIsKubenetToo() {
    String rule =
        "-A POSTROUTING ! -d 10.0.0.0/8 -m comment --comment \"kubenet: SNAT for outbound traffic"
            + " from cluster\" -m addrtype ! --dst-type LOCAL -j MASQUERADE";
    assertThat(CniDetection.detect(nat(rule))).isEqualTo(Cni.KUBENET);
  }

  @Test
  void onlyDockersChainIsDocker() {
    String table =
        nat(
            ":DOCKER - [0:0]",
            "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
            "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
    assertThat(CniDetection.detect(table)).isEqualTo(Cni.DOCKER);
  }

  @Test
  void aPluginWinsOverDockersLeftovers() {
    String table = nat(":DOCKER - [0:0]", "-A POSTROUTING ! -d 10.0.0.0/8 -j MASQUERADE");
    assertThat(CniDetection.detect(table)).isEqualTo(Cni.KUBENET);
  }

  @Test
  void aTableWithoutAnyMarkIsUnknown() {
    assertThat(CniDetection.detect(nat("-A POSTROUTING -o eth0 -j MASQUERADE")))
        .isEqualTo(Cni.UNKNOWN);
  }

  @Test
  void anEmptyTableIsUnknown() {
    assertThat(CniDetection.detect("")).isEqualTo(Cni.UNKNOWN);
  }
}
