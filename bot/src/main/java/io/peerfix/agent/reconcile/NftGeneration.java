package io.peerfix.agent.reconcile;

import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The nf_tables stamp: the ruleset generation the kernel counts up at every commit in the network
 * namespace ({@code NFT_MSG_GETGEN} over netlink, what {@code nft monitor} and iptables-nft use to
 * tell whether their cache is stale). Any write to any nf_tables table in the namespace moves it,
 * so it never misses a change of the nat table; a write to another table only costs a listing.
 */
final class NftGeneration implements StampSource {
  private static final int NFNL_SUBSYS_NFTABLES = 10;
  private static final int NFT_MSG_NEWGEN = 15;
  private static final int NFT_MSG_GETGEN = 16;
  private static final int NLMSG_ERROR = 2;
  private static final int NLM_F_REQUEST = 1;
  private static final int NFTA_GEN_ID = 1;
  private static final int NLA_TYPE_MASK = 0x3fff;
  private static final int HEADER = 16;
  private static final int NFGENMSG = 4;

  private final KernelSocket socket;
  private final byte[] reply = new byte[4096];
  private int sequence;

  private NftGeneration(KernelSocket socket) {
    this.socket = socket;
  }

  /** The generation through a netlink socket in {@code netns} (or here). */
  static NftGeneration open(Libc libc, Optional<Path> netns) {
    return new NftGeneration(
        KernelSocket.open(libc, netns, Libc.AF_NETLINK, Libc.SOCK_RAW, Libc.NETLINK_NETFILTER));
  }

  @Override
  public synchronized TableStamp read() {
    int seq = ++sequence;
    ByteBuffer request = ByteBuffer.allocate(HEADER + NFGENMSG).order(ByteOrder.nativeOrder());
    request.putInt(HEADER + NFGENMSG);
    request.putShort((short) (NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETGEN));
    request.putShort((short) NLM_F_REQUEST);
    request.putInt(seq);
    request.putInt(0); // to the kernel
    request.putInt(0); // nfgenmsg: AF_UNSPEC, version 0, resource 0
    Libc libc = socket.libc();
    libc.send(socket.fd(), request.array(), new NativeLong(request.capacity()), 0);
    // The kernel answers while send(2) runs, so the answer is queued: never wait for one.
    long got =
        libc.recv(socket.fd(), reply, new NativeLong(reply.length), Libc.MSG_DONTWAIT).longValue();
    return generation(ByteBuffer.wrap(reply, 0, (int) got).order(ByteOrder.nativeOrder()), seq);
  }

  private static TableStamp generation(ByteBuffer answer, int seq) {
    int at = 0;
    while (at + HEADER <= answer.limit()) {
      int length = answer.getInt(at);
      int type = Short.toUnsignedInt(answer.getShort(at + 4));
      if (length < HEADER || at + length > answer.limit()) {
        break;
      }
      if (answer.getInt(at + 8) == seq) {
        if (type == NLMSG_ERROR) {
          throw new IllegalStateException("NFT_MSG_GETGEN: errno " + -answer.getInt(at + HEADER));
        }
        if (type == (NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_NEWGEN)) {
          return attribute(answer, at + HEADER + NFGENMSG, at + length);
        }
      }
      at += (length + 3) & ~3;
    }
    throw new IllegalStateException("NFT_MSG_GETGEN: no generation in the kernel's answer");
  }

  private static TableStamp attribute(ByteBuffer answer, int from, int to) {
    for (int at = from; at + 4 <= to; ) {
      int length = Short.toUnsignedInt(answer.getShort(at));
      int type = Short.toUnsignedInt(answer.getShort(at + 2)) & NLA_TYPE_MASK;
      if (length < 4) {
        break;
      }
      if (type == NFTA_GEN_ID && length >= 8) {
        // Netlink attributes of nf_tables are big-endian.
        int id = answer.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(at + 4);
        return TableStamp.of(Integer.toUnsignedLong(id));
      }
      at += (length + 3) & ~3;
    }
    throw new IllegalStateException("NFT_MSG_GETGEN: the answer has no NFTA_GEN_ID");
  }

  @Override
  public String describe() {
    return "the nf_tables ruleset generation (netlink NFT_MSG_GETGEN)";
  }

  @Override
  public void close() {
    socket.close();
  }
}
