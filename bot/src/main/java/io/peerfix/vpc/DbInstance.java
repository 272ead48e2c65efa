package io.peerfix.vpc;

import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.Objects;

/**
 * The database the pods want to reach: its identifier, endpoint host and port, private addresses if
 * known (RDS does not report them; the lab does), VPC, subnets of its subnet group, security
 * groups, whether it is publicly accessible (then its name resolves to a public address outside its
 * VPC unless peering DNS resolution is on), and its status (e.g. {@code available}).
 */
public record DbInstance(
    String identifier,
    String endpointHost,
    int port,
    List<Ipv4> privateIps,
    String vpcId,
    List<String> subnetIds,
    List<String> securityGroupIds,
    boolean publiclyAccessible,
    String status) {
  public DbInstance {
    Objects.requireNonNull(identifier, "identifier");
    privateIps = List.copyOf(privateIps);
    subnetIds = List.copyOf(subnetIds);
    securityGroupIds = List.copyOf(securityGroupIds);
  }
}
