package io.peerfix.diagnosis;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * An address plan for hand-built observations: the cluster VPC, the pod range nodes cut their /24s
 * from, the peer VPC, the database's private and public address and port, and the AWS ids. Tests
 * run the same situation under several plans to show nothing depends on particular addresses.
 */
public record AddressPlan(
    String label,
    String clusterVpcId,
    String clusterCidr,
    String podRange,
    String peerVpcId,
    String peerCidr,
    String dbIp,
    String publicIp,
    int port,
    String peeringId,
    String securityGroupId,
    String host) {

  public static AddressPlan seed() {
    return new AddressPlan(
        "seed",
        "vpc-k8s",
        "172.20.0.0/16",
        "10.244.0.0/16",
        "vpc-prod",
        "10.0.0.0/16",
        "10.0.5.20",
        "203.0.113.20",
        5432,
        "pcx-1",
        "sg-rds",
        "orders.cluster-1.us-east-1.rds.amazonaws.com");
  }

  public static AddressPlan eks() {
    return new AddressPlan(
        "eks",
        "vpc-eks",
        "192.168.0.0/16",
        "100.64.0.0/16",
        "vpc-data",
        "10.20.0.0/16",
        "10.20.8.40",
        "198.51.100.40",
        3306,
        "pcx-eks-data",
        "sg-orders-db",
        "orders-db.c9akciq32.eu-west-1.rds.amazonaws.com");
  }

  public static AddressPlan other() {
    return new AddressPlan(
        "other",
        "vpc-apps",
        "10.30.0.0/16",
        "172.27.0.0/16",
        "vpc-ledger",
        "192.168.96.0/20",
        "192.168.100.7",
        "54.12.34.56",
        15432,
        "pcx-0a1b2c",
        "sg-ledger",
        "ledger.abc.ap-southeast-2.rds.amazonaws.com");
  }

  /** Node i's VPC address (i from 1): the 10+i-th host of the cluster range's second /24. */
  public String nodeIp(int i) {
    return offset(clusterCidr, 256 + 10 + i);
  }

  public String nodeName(int i) {
    return "ip-" + nodeIp(i).replace('.', '-');
  }

  /** Node i's pod /24: the i-th of the pod range. */
  public String podCidr(int i) {
    return offset(podRange, 256 * i) + "/24";
  }

  /** The address of the probe pod on node i. */
  public String podIp(int i) {
    return offset(podRange, 256 * i + 5);
  }

  public String bridgeIp(int i) {
    return offset(podRange, 256 * i + 1);
  }

  private static String offset(String cidr, int n) {
    IPAddress base = new IPAddressString(cidr).getAddress().getLower().withoutPrefixLength();
    return base.increment(n).toString();
  }

  @Override
  public String toString() {
    return label;
  }
}
