package io.peerfix.nat;

/** TCP flag lists as {@code --tcp-flags} takes them (FIN,SYN,RST,PSH,ACK,URG,ALL,NONE). */
final class TcpFlagNames {
  private TcpFlagNames() {}

  static int parse(String list) {
    int bits = 0;
    for (String name : Values.words(list)) {
      bits |=
          switch (name) {
            case "FIN" -> 0x01;
            case "SYN" -> 0x02;
            case "RST" -> 0x04;
            case "PSH" -> 0x08;
            case "ACK" -> 0x10;
            case "URG" -> 0x20;
            case "ALL" -> 0x3f;
            case "NONE" -> 0;
            default -> throw new DumpProblem("unknown TCP flag \"" + name + "\"");
          };
    }
    return bits;
  }
}
