package io.peerfix.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.peerfix.facts.RouteEntry;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.net.Ipv4Interface;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetJsonTest {
  private final ObjectMapper mapper = new ObjectMapper().registerModule(NetJson.module());

  record Held(Ipv4 address, Cidr range, Ipv4Interface on, List<Ipv4> more) {}

  @Test
  void addressesAndRangesAreWrittenAsTheTextTheyPrint() throws Exception {
    Held held =
        new Held(
            Ipv4.parse("10.0.5.20"),
            Cidr.parse("10.0.0.0/16"),
            Ipv4Interface.parse("172.20.1.10/16"),
            List.of(Ipv4.parse("10.0.5.21")));

    String json = mapper.writeValueAsString(held);

    assertThat(json)
        .isEqualTo(
            "{\"address\":\"10.0.5.20\",\"range\":\"10.0.0.0/16\",\"on\":\"172.20.1.10/16\","
                + "\"more\":[\"10.0.5.21\"]}");
    assertThat(mapper.readValue(json, Held.class)).isEqualTo(held);
  }

  @Test
  void aRouteWrittenDefaultByAnOlderAgentIsTheDefaultRoute() throws Exception {
    RouteEntry route =
        mapper.readValue(
            "{\"destination\":\"default\",\"gateway\":\"172.20.0.1\",\"device\":\"eth0\"}",
            RouteEntry.class);

    assertThat(route.defaultRoute()).isTrue();
    assertThat(route.gateway()).isEqualTo(Ipv4.of(172, 20, 0, 1));
  }

  @Test
  void anAddressThatIsNotAStrictDottedQuadIsRefusedNamingIt() {
    assertThatThrownBy(() -> mapper.readValue("{\"address\":\"010.0.5.20\"}", Held.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("\"010.0.5.20\" is not an IPv4 address");
  }
}
