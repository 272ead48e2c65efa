package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListingParserTest {
  private static final String KUBE_LISTING =
      "Chain PREROUTING (policy ACCEPT 12 packets, 720 bytes)\n"
          + "num   pkts bytes target     prot opt in     out     source               destination\n"
          + "1      100  6000 KUBE-SERVICES  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service portals */\n"
          + "\n"
          + "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
          + "num   pkts bytes target     prot opt in     out     source               destination\n"
          + "\n"
          + "Chain OUTPUT (policy ACCEPT 5 packets, 300 bytes)\n"
          + "num   pkts bytes target     prot opt in     out     source               destination\n"
          + "1       10   600 KUBE-SERVICES  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service portals */\n"
          + "\n"
          + "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)\n"
          + "num   pkts bytes target     prot opt in     out     source               destination\n"
          + "1     1200  72K KUBE-POSTROUTING  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes postrouting rules */\n"
          + "\n"
          + "Chain KUBE-MARK-MASQ (2 references)\n"
          + "num   pkts bytes target     prot opt in     out     source               destination\n"
          + "1        0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK or 0x4000\n"
          + "\n"
          + "Chain KUBE-POSTROUTING (1 references)\n"
          + "num   pkts bytes target     prot opt in     out     source               destination\n"
          + "1        0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x4000/0x4000\n"
          + "2        0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xor 0x4000\n"
          + "3        0     0 MASQUERADE  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service traffic requiring SNAT */ random-fully\n"
          + "\n"
          + "Chain KUBE-SERVICES (2 references)\n"
          + "num   pkts bytes target     prot opt in     out     source               destination\n"
          + "1        0     0 KUBE-MARK-MASQ  tcp  --  *      *      !10.244.0.0/16        172.16.0.10          /* default/db cluster IP */ tcp dpt:5432\n"
          + "2        0     0 DNAT       tcp  --  *      *       0.0.0.0/0            172.16.0.10          /* default/db */ tcp dpt:5432 to:10.0.5.20:5432\n";

  @Test
  void rendersListingRulesInSaveForm() {
    NatTable table = NatDump.parse(KUBE_LISTING);

    assertThat(table.format()).isEqualTo(DumpFormat.IPTABLES_LIST);
    assertThat(table.chain("KUBE-POSTROUTING").rules())
        .extracting(Rule::text)
        .containsExactly(
            "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
            "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000",
            "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully");
  }

  @Test
  void readsPortsAndDnatTargetTextFromTheListing() {
    Rule dnat = NatDump.parse(KUBE_LISTING).chain("KUBE-SERVICES").rules().get(1);

    assertThat(dnat.text())
        .isEqualTo(
            "-A KUBE-SERVICES -d 172.16.0.10/32 -p tcp -m comment --comment \"default/db\" -m tcp --dport 5432 -j DNAT --to-destination 10.0.5.20:5432");
  }

  @Test
  void serviceTrafficFromOutsideThePodRangeIsMarkedAndMasqueraded() {
    Packet fromHost =
        Packet.builder()
            .src("172.20.1.10")
            .dst("172.16.0.10")
            .dstPort(5432)
            .origin(Packet.Origin.LOCAL)
            .build();

    NatVerdict verdict =
        NatEvaluator.evaluate(NatDump.parse(KUBE_LISTING), fromHost, NodeContext.of("172.20.1.10"));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.destinationAfter()).hasToString("10.0.5.20");
    assertThat(verdict.decidingRule().chain()).isEqualTo("KUBE-POSTROUTING");
    assertThat(verdict.decidingRule().index()).isEqualTo(3);
  }

  @Test
  void podTrafficToTheServiceIsDnattedButNotMasqueraded() {
    Packet pod = Packet.forwarded("10.244.1.5", "172.16.0.10", 5432);

    NatVerdict verdict =
        NatEvaluator.evaluate(NatDump.parse(KUBE_LISTING), pod, NodeContext.of("172.20.1.10"));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.destinationAfter()).hasToString("10.0.5.20");
  }

  @Test
  void aListingWithoutVerboseColumnsMakesInterfacesUnknown() {
    String plain =
        "Chain POSTROUTING (policy ACCEPT)\n"
            + "target     prot opt source               destination\n"
            + "MASQUERADE  all  --  0.0.0.0/0           !10.0.0.0/8\n";

    NatVerdict toInternet =
        NatFixtures.evaluate(plain, Packet.forwarded("10.244.1.5", "8.8.8.8", 53));

    assertThat(toInternet.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(toInternet.indeterminateReason()).contains("interfaces");
    assertThat(NatFixtures.evaluate(plain).action()).isEqualTo(NatAction.NONE);
  }

  @Test
  void readsGotoTargetsAndExtensionTexts() {
    String listing =
        "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 MINE       all  --  *      eth+    0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type !LOCAL [goto]\n"
            + "\n"
            + "Chain MINE (1 references)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 RETURN     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 80,443\n"
            + "    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate ESTABLISHED\n"
            + "    0     0 SNAT       all  --  *      *       0.0.0.0/0            0.0.0.0/0            match-set peers dst to:172.20.1.99\n"
            + "    0     0 MASQUERADE  all  --  *      *       0.0.0.0/0            0.0.0.0/0            masq ports: 1024-65535\n";

    NatTable table = NatDump.parse(listing);

    assertThat(table.chain("POSTROUTING").rules().get(0).text())
        .isEqualTo("-A POSTROUTING -o eth+ -m addrtype ! --dst-type LOCAL -g MINE");
    assertThat(table.chain("MINE").rules())
        .extracting(Rule::text)
        .containsExactly(
            "-A MINE -p tcp -m multiport --dports 80,443 -j RETURN",
            "-A MINE -m conntrack --ctstate ESTABLISHED -j RETURN",
            "-A MINE -m set --match-set peers dst -j SNAT --to-source 172.20.1.99",
            "-A MINE -j MASQUERADE --to-ports 1024-65535");
  }

  @Test
  void readsStatisticMarkAndRedirectTexts() {
    String listing =
        "Chain PREROUTING (policy ACCEPT)\n"
            + "target     prot opt source               destination\n"
            + "REDIRECT   tcp  --  0.0.0.0/0            10.9.9.9             tcp dpt:80 redir ports 8080\n"
            + "MARK       all  --  0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.33000000007 MARK xset 0x4000/0x4000\n";

    NatTable table = NatDump.parse(listing);

    assertThat(table.chain("PREROUTING").rules())
        .extracting(Rule::text)
        .containsExactly(
            "-A PREROUTING -d 10.9.9.9/32 "
                + ListingParser.NO_INTERFACES
                + " -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 8080",
            "-A PREROUTING "
                + ListingParser.NO_INTERFACES
                + " -m statistic mode random probability 0.33000000007 -j MARK --set-xmark 0x4000/0x4000");
  }

  @Test
  void unreadableListingTextBecomesAnUnknownPartOfTheRule() {
    String listing =
        "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0            PHYSDEV match --physdev-is-bridged\n"
            + "    0     0 MASQUERADE  all  --  *      eth0    0.0.0.0/0            0.0.0.0/0\n";

    NatVerdict verdict = NatFixtures.evaluate(listing);

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).contains("PHYSDEV match --physdev-is-bridged");
  }

  @Test
  void readsTcpFlagsInHexAndByName() {
    String listing =
        "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 RETURN     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:!0x17/0x02\n"
            + "    0     0 MASQUERADE  tcp  --  *      eth0    0.0.0.0/0            0.0.0.0/0            tcp flags:FIN,SYN,RST,ACK/SYN\n";

    NatVerdict verdict = NatFixtures.evaluate(listing);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().text())
        .isEqualTo(
            "-A POSTROUTING -o eth0 -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j MASQUERADE");
  }

  /** The goto-fall-through fixture as iptables -L -n -v prints it (nft 1.8.9). */
  private static String gotoListing(String options) {
    return "Chain POSTROUTING (policy ACCEPT 44 packets, 2046 bytes)\n"
        + " pkts bytes target     prot opt in     out     source               destination\n"
        + "   66  3069 PF-EXCEPTIONS  0    --  *      *       0.0.0.0/0            10.0.0.0/8          "
        + options
        + "\n"
        + "   87  4059 MASQUERADE  0    --  *      eth+    0.0.0.0/0            0.0.0.0/0\n"
        + "\n"
        + "Chain PF-EXCEPTIONS (1 references)\n"
        + " pkts bytes target     prot opt in     out     source               destination\n"
        + "   22  1023 RETURN     0    --  *      *       0.0.0.0/0            10.0.6.0/24\n"
        + "   22  1023 SNAT       0    --  *      *       0.0.0.0/0            10.10.0.0/24         to:100.99.0.1\n";
  }

  @Test
  void gotoPrintedBeforeACommentIsAGotoThatEndsTheCallingChain() {
    NatVerdict verdict =
        NatFixtures.evaluate(gotoListing("[goto]  /* cluster-internal exceptions */"));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.decidingRule()).isNull();
  }

  @Test
  void gotoPrintedAfterMatchTextsIsAGoto() {
    NatTable table =
        NatDump.parse(gotoListing("/* cluster-internal exceptions */ mark match ! 0x1 [goto]"));

    assertThat(table.chain("POSTROUTING").rules().get(0).text())
        .isEqualTo(
            "-A POSTROUTING -d 10.0.0.0/8 -m comment --comment \"cluster-internal exceptions\""
                + " -m mark ! --mark 0x1 -g PF-EXCEPTIONS");
  }

  @Test
  void gotoBetweenMatchTextsIsAGoto() {
    NatTable table =
        NatDump.parse(
            gotoListing(
                "ADDRTYPE match dst-type !LOCAL [goto] match-set peers dst multiport dports 80,5432"));

    assertThat(table.chain("POSTROUTING").rules().get(0).text()).endsWith("-g PF-EXCEPTIONS");
  }

  @Test
  void gotoInsideACommentIsNotAGoto() {
    NatTable table = NatDump.parse(gotoListing("/* see [goto] below */"));

    assertThat(table.chain("POSTROUTING").rules().get(0).text()).endsWith("-j PF-EXCEPTIONS");
  }

  @Test
  void gotoAmongUnreadableTextLeavesTheAnswerOpenInsteadOfAssumingAJump() {
    NatVerdict verdict =
        NatFixtures.evaluate(gotoListing("PHYSDEV match --physdev-is-in [goto] foo bar"));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).contains("[goto]").contains("-g");
  }

  @Test
  void unreadableTextNextToATargetWithOptionsLeavesTheTargetUnknown() {
    String listing =
        "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 DNAT       tcp  --  *      *       0.0.0.0/0            10.0.5.20            to:10.0.5.21 shiny-new-option 3\n";

    NatVerdict verdict = NatFixtures.evaluate(listing);

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason())
        .contains("shiny-new-option 3")
        .contains("options of DNAT");
  }

  @Test
  void readsConnmarkTextsWithTheirMasks() {
    String listing =
        "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 CONNMARK   0    --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK or 0x80\n"
            + "    0     0 CONNMARK   0    --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK and 0xffff\n"
            + "    0     0 CONNMARK   0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* AWS, CONNMARK */ CONNMARK restore mask 0x80\n"
            + "    0     0 CONNMARK   0    --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK save nfmask 0xff ctmask ~0xf\n";

    NatTable table = NatDump.parse(listing);

    assertThat(table.chain("PREROUTING").rules())
        .extracting(Rule::text)
        .containsExactly(
            "-A PREROUTING -j CONNMARK --or-mark 0x80",
            "-A PREROUTING -j CONNMARK --and-mark 0xffff",
            "-A PREROUTING"
                + " -m comment --comment \"AWS, CONNMARK\" -j CONNMARK --restore-mark --mask 0x80",
            "-A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xf");
  }

  @Test
  void aConnmarkRestoreWithAMaskKeepsTheOtherBitsOfTheMark() {
    String listing =
        "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 CONNMARK   0    --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK or 0x80\n"
            + "    0     0 CONNMARK   0    --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK restore mask 0x80\n"
            + "\n"
            + "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 MASQUERADE  0    --  *      eth0    0.0.0.0/0            0.0.0.0/0            mark match 0x4080\n";
    Packet marked =
        Packet.builder().src("10.244.1.5").dst("10.0.5.20").dstPort(5432).mark(0x4000).build();

    NatVerdict verdict = NatFixtures.evaluate(listing, marked);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
  }
}
