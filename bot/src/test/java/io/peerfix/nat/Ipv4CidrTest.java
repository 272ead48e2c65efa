package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast int representation used at parse time agrees with the inet.ipaddr library. */
class Ipv4CidrTest {
  @Test
  void containmentAgreesWithTheLibraryForRandomNetworksAndAddresses() {
    Random random = new Random(42);
    for (int n = 0; n < 2000; n++) {
      int prefix = random.nextInt(33);
      String net = Ipv4.format(random.nextInt()) + "/" + prefix;
      String address = random.nextBoolean() ? Ipv4.format(random.nextInt()) : near(net, random);
      Ipv4Cidr cidr = Ipv4Cidr.parse(net, 0, net.length());
      IPAddress library = new IPAddressString(net).getAddress().toPrefixBlock();

      boolean expected = library.contains(new IPAddressString(address).getAddress());

      assertThat(cidr.contains(Ipv4.parseUserAddress(address, "test")))
          .as("%s in %s", address, net)
          .isEqualTo(expected);
      assertThat(cidr.toString()).isEqualTo(library.toCanonicalString());
    }
  }

  private static String near(String net, Random random) {
    IPAddress block = new IPAddressString(net).getAddress().toPrefixBlock();
    return Ipv4.format(block.getLower().toIPv4().intValue() + random.nextInt(3));
  }

  @Test
  void malformedAddressesAreRejected() {
    // "10.0.0" is not here: iptables reads it as 10.0.0.0 (IptablesAddressTest).
    for (String bad :
        new String[] {
          "10.0.0.256", "10.0.0.1/33", "10..0.1", "a.b.c.d", "10.0.0.1/", "1.2.3.4.5"
        }) {
      assertThat(Ipv4Cidr.parse(bad, 0, bad.length())).as(bad).isNull();
    }
  }

  @Test
  void dottedAndNonContiguousMasksAreKept() {
    assertThat(Ipv4Cidr.parse("10.1.2.3/255.255.0.0", 0, 20)).hasToString("10.1.0.0/16");
    assertThat(Ipv4Cidr.parse("10.0.0.0/255.0.255.0", 0, 20)).hasToString("10.0.0.0/255.0.255.0");
    assertThat(Ipv4Cidr.parse("10.0.5.20", 0, 9)).hasToString("10.0.5.20/32");
  }
}
