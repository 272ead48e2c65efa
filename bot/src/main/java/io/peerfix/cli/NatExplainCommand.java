package io.peerfix.cli;

import io.peerfix.common.BoundedInput;
import io.peerfix.common.UserInputException;
import io.peerfix.nat.IpSets;
import io.peerfix.nat.NatInput;
import io.peerfix.nat.NatParseException;
import io.peerfix.nat.NatTable;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix nat explain}: what a node's nat table does to one packet, and which rule decides.
 * The rules may be pasted in any of the three forms (iptables-save, -S, -L -n -v).
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explain what a nat table does to a packet.",
      "Answers MASQUERADE, SNAT, NONE or INDETERMINATE with the source address after NAT, the"
          + " rule that decides and the trace of rules visited."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:answered", "2:bad input (the reason is on stderr)"})
final class NatExplainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--rules",
      required = true,
      paramLabel = "FILE",
      description =
          "The nat table dump: iptables-save, iptables -t nat -S or -L -n -v; - for stdin."
              + " With --base: the payload given to iptables-restore --noflush.")
  String rules;

  @Option(
      names = "--base",
      paramLabel = "FILE",
      description =
          "The nat table (any form --rules takes) that --rules is applied onto, as iptables-restore"
              + " --noflush would; --rules is then a payload (*nat ... COMMIT).")
  Path base;

  @Option(names = "--src", required = true, paramLabel = "IP", description = "The source address.")
  String src;

  @Option(
      names = "--dst",
      required = true,
      paramLabel = "IP[:PORT]",
      description = "The destination address and port.")
  String dst;

  @Option(
      names = "--proto",
      defaultValue = "tcp",
      paramLabel = "PROTO",
      description = "The protocol: tcp or udp (default: ${DEFAULT-VALUE}).")
  String proto;

  @Option(
      names = "--src-port",
      defaultValue = "0",
      paramLabel = "PORT",
      description = "The source port; 0 = unknown (default).")
  int srcPort;

  @Option(
      names = "--in-iface",
      defaultValue = "cbr0",
      paramLabel = "IF",
      description = "The interface the packet arrives on (default: ${DEFAULT-VALUE}).")
  String inIface;

  @Option(
      names = "--out-iface",
      defaultValue = "eth0",
      paramLabel = "IF",
      description = "The interface the packet leaves by (default: ${DEFAULT-VALUE}).")
  String outIface;

  @Option(
      names = "--from-node",
      description = "The packet is sent by the node itself (nat OUTPUT), not forwarded from a pod.")
  boolean fromNode;

  @Option(
      names = "--mark",
      defaultValue = "0",
      paramLabel = "MARK",
      converter = MarkConverter.class,
      description = "The packet's mark on entry, e.g. 0x4000 (default: 0).")
  int mark;

  @Option(
      names = "--node-ip",
      paramLabel = "IP",
      description =
          "The address of the out-interface: what MASQUERADE writes; needed for that answer.")
  String nodeIp;

  @Option(
      names = "--local-ip",
      paramLabel = "IP",
      description = "Another address of the node, for addrtype LOCAL (repeatable).")
  List<String> localIps = new ArrayList<>();

  @Option(
      names = "--ipset",
      paramLabel = "FILE",
      description = "The ipset save output with the sets the rules reference.")
  Path ipsetFile;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(
      names = "--max-input-mb",
      defaultValue = "32",
      paramLabel = "MB",
      description =
          "Refuse --rules and --ipset input larger than this many MB (default: ${DEFAULT-VALUE}).")
  int maxInputMb;

  /** The sets of {@code file}; its errors name the option and the file, as rules' do not need. */
  private IpSets ipsets(Path file) {
    try {
      return NatInput.guarded(() -> IpSets.parseSave(readText(file)));
    } catch (NatParseException e) {
      throw new UserInputException("--ipset " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws IOException {
    if (maxInputMb < 1) {
      throw new UserInputException("--max-input-mb must be at least 1, not " + maxInputMb);
    }
    NatTable table = table();
    IpSets sets = ipsetFile == null ? IpSets.empty() : ipsets(ipsetFile);
    NodeContext node = new NodeContext(localIps, nodeIp, sets);
    NatVerdict verdict = NatInput.evaluate(table, packet(), node);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(NatExplainJson.render(table, verdict));
    } else {
      out.println(verdict.explain());
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The table to explain: --rules alone, or the --rules payload applied onto --base. */
  private NatTable table() throws IOException {
    if (base == null) {
      return NatInput.parse(readBytes(rules), maxBytes(), RAISE);
    }
    NatTable onto;
    try {
      onto = NatInput.parse(BoundedInput.readFile(base, maxBytes(), RAISE), maxBytes(), RAISE);
    } catch (NatParseException e) {
      throw new UserInputException("--base " + base + ": " + e.getMessage(), e);
    }
    try {
      return NatInput.parseOnto(onto, readBytes(rules), maxBytes(), RAISE);
    } catch (NatParseException e) {
      throw new UserInputException("--rules " + rules + " (onto --base): " + e.getMessage(), e);
    }
  }

  private Packet packet() {
    if (!proto.equalsIgnoreCase("tcp") && !proto.equalsIgnoreCase("udp")) {
      throw new UserInputException(
          "bad --proto '"
              + proto
              + "': peerfix explains TCP and UDP packets (what a database connection uses); give"
              + " tcp or udp");
    }
    Destination destination = Destination.parse(dst);
    return Packet.builder()
        .src(src)
        .dst(destination.address())
        .dstPort(destination.port())
        .srcPort(srcPort)
        .protocol(proto)
        .inIface(fromNode ? "" : inIface)
        .outIface(outIface)
        .mark(mark)
        .origin(fromNode ? Packet.Origin.LOCAL : Packet.Origin.FORWARDED)
        .build();
  }

  /**
   * The dump's bytes, undecoded: the parser scans bytes directly (decoding 14 MB first costs more
   * than the scan) and names the line that holds binary data itself.
   */
  private byte[] readBytes(String name) throws IOException {
    return "-".equals(name)
        ? BoundedInput.readAll(System.in, maxBytes(), "the standard input (--rules -)", RAISE)
        : BoundedInput.readFile(Path.of(name), maxBytes(), RAISE);
  }

  /** A file leniently decoded: bytes that are not UTF-8 become U+FFFD, for the parser to name. */
  private String readText(Path path) {
    return new String(BoundedInput.readFile(path, maxBytes(), RAISE), StandardCharsets.UTF_8);
  }

  private static final String RAISE = "--max-input-mb MB";

  private long maxBytes() {
    return (long) maxInputMb << 20;
  }

  /** {@code IP} or {@code IP:PORT}, as typed after {@code --dst}. */
  record Destination(String address, int port) {
    static Destination parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        return new Destination(text, 0);
      }
      if (text.indexOf(':') != colon) {
        throw new UserInputException(
            "--dst \"" + text + "\" looks like IPv6; peerfix models IPv4 nat only");
      }
      String port = text.substring(colon + 1);
      try {
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
          throw new NumberFormatException();
        }
        return new Destination(text.substring(0, colon), value);
      } catch (NumberFormatException e) {
        throw new UserInputException(
            "--dst \"" + text + "\": port \"" + port + "\" is not a number in 1-65535");
      }
    }
  }
}
