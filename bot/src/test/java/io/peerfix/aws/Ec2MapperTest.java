package io.peerfix.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.vpc.RouteTargetKind;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;

class Ec2MapperTest {

  private static io.peerfix.vpc.Route mapped(Route route) {
    return Ec2Mapper.routeTable(
            RouteTable.builder().routeTableId("rtb-1").vpcId("vpc-1").routes(route).build())
        .routes()
        .get(0);
  }

  @Test
  void routeTargetsAreToldApartByTheirIdFields() {
    assertThat(
            mapped(
                Route.builder()
                    .destinationCidrBlock("10.0.0.0/8")
                    .transitGatewayId("tgw-1")
                    .build()))
        .isEqualTo(
            io.peerfix.vpc.Route.active(
                Cidr.parse("10.0.0.0/8"), RouteTargetKind.TRANSIT_GATEWAY, "tgw-1"));
    assertThat(
            mapped(Route.builder().destinationCidrBlock("0.0.0.0/0").gatewayId("igw-1").build())
                .targetKind())
        .isEqualTo(RouteTargetKind.INTERNET_GATEWAY);
    assertThat(
            mapped(Route.builder().destinationCidrBlock("10.9.0.0/16").gatewayId("vgw-1").build())
                .targetKind())
        .isEqualTo(RouteTargetKind.VIRTUAL_PRIVATE_GATEWAY);
    assertThat(
            mapped(
                Route.builder()
                    .destinationCidrBlock("10.8.0.0/16")
                    .instanceId("i-1")
                    .networkInterfaceId("eni-1")
                    .build()))
        .isEqualTo(
            io.peerfix.vpc.Route.active(
                Cidr.parse("10.8.0.0/16"), RouteTargetKind.INSTANCE, "i-1"));
    assertThat(
            mapped(
                    Route.builder()
                        .destinationCidrBlock("10.7.0.0/16")
                        .networkInterfaceId("eni-2")
                        .build())
                .targetKind())
        .isEqualTo(RouteTargetKind.NETWORK_INTERFACE);
  }

  @Test
  void prefixListAndIpv6RoutesAreLeftOut() {
    RouteTable table =
        RouteTable.builder()
            .routeTableId("rtb-1")
            .vpcId("vpc-1")
            .routes(
                Route.builder().destinationPrefixListId("pl-1").gatewayId("vpce-1").build(),
                Route.builder().destinationIpv6CidrBlock("::/0").gatewayId("igw-1").build())
            .build();

    assertThat(Ec2Mapper.routeTable(table).routes()).isEmpty();
  }
}
