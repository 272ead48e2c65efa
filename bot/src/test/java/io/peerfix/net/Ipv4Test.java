package io.peerfix.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {
  @Test
  void parsesAStrictDottedQuadIntoItsBits() {
    assertThat(Ipv4.parse("10.0.5.20").value()).isEqualTo(0x0a000514);
    assertThat(Ipv4.parse("0.0.0.0").value()).isZero();
    assertThat(Ipv4.parse("255.255.255.255").value()).isEqualTo(-1);
  }

  @Test
  void printsTheDottedQuadItWasParsedFrom() {
    for (String text :
        List.of("10.0.5.20", "0.0.0.0", "255.255.255.255", "172.20.1.10", "1.2.3.4")) {
      assertThat(Ipv4.parse(text)).hasToString(text);
    }
  }

  @Test
  void ofBuildsTheSameValueAsParse() {
    assertThat(Ipv4.of(0x0a000514)).isEqualTo(Ipv4.parse("10.0.5.20"));
    assertThat(Ipv4.of(10, 0, 5, 20)).isEqualTo(Ipv4.parse("10.0.5.20"));
    assertThat(Ipv4.parse("10.0.5.20").octet(3)).isEqualTo(20);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "010.020.1.10",
        "10.01.0.1",
        "00.0.0.0",
        "10.1",
        "10.0.0",
        "10.0.0.0.1",
        "0x0a.0.0.1",
        "0xa000001",
        "167772161",
        "256.0.0.1",
        "10.0.0.300",
        "1000.0.0.1",
        " 10.0.0.1",
        "10.0.0.1 ",
        "10. 0.0.1",
        "10..0.1",
        "10.0.0.",
        ".10.0.0",
        "10.0.0.1/32",
        "::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "-1.0.0.0",
        "+1.0.0.0",
        "１０.0.0.1",
        "",
        "a.b.c.d"
      })
  void refusesEveryOtherForm(String text) {
    assertThatThrownBy(() -> Ipv4.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"")
        .hasMessageContaining(Ipv4.EXPECTED_FORM);
    assertThat(Ipv4.tryParse(text)).isEmpty();
  }

  @Test
  void theMessageSaysWhatIsWrong() {
    assertThatThrownBy(() -> Ipv4.parse("010.020.1.10")).hasMessageContaining("leading zero");
    assertThatThrownBy(() -> Ipv4.parse("10.1")).hasMessageContaining("2 parts, not 4");
    assertThatThrownBy(() -> Ipv4.parse("10.0.0.256")).hasMessageContaining("256 is above 255");
    assertThatThrownBy(() -> Ipv4.parse("0x0a.0.0.1")).hasMessageContaining("not a decimal");
    assertThatThrownBy(() -> Ipv4.parse(" 10.0.0.1")).hasMessageContaining("spaces");
    assertThatThrownBy(() -> Ipv4.parse("fe80::1")).hasMessageContaining("IPv6");
    assertThatThrownBy(() -> Ipv4.parse("10.0.0.1/8")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> Ipv4.parse(null)).hasMessageContaining("(nothing)");
  }

  @Test
  void ordersAddressesAsUnsignedNumbers() {
    List<Ipv4> addresses =
        new ArrayList<>(
            List.of(Ipv4.parse("200.0.0.1"), Ipv4.parse("10.0.0.2"), Ipv4.parse("10.0.0.1")));
    Collections.sort(addresses);
    assertThat(addresses)
        .extracting(Ipv4::toString)
        .containsExactly("10.0.0.1", "10.0.0.2", "200.0.0.1");
    assertThat(Ipv4.parse("200.0.0.1").unsigned()).isEqualTo(0xc8000001L);
  }

  @Test
  void tellsPublicAddressesFromPrivateSharedAndSpecialOnes() {
    assertThat(Ipv4.parse("52.1.2.3").isPublic()).isTrue();
    assertThat(Ipv4.parse("8.8.8.8").isPublic()).isTrue();
    for (String text :
        List.of(
            "10.0.5.20",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "127.0.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255")) {
      assertThat(Ipv4.parse(text).isPublic()).as(text).isFalse();
    }
    assertThat(Ipv4.parse("172.32.0.1").isPublic()).isTrue();
  }

  @Test
  void plusStepsThroughAddresses() {
    assertThat(Ipv4.parse("10.0.0.255").plus(1)).isEqualTo(Ipv4.parse("10.0.1.0"));
  }
}
