package io.peerfix.agent.reconcile;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;

/**
 * The few C library calls the kernel stamps need, through JNA (Java 17 has no getsockopt on a raw
 * socket and no netlink). Every call throws {@link LastErrorException} with errno on failure.
 */
interface Libc extends Library {
  int AF_INET = 2;
  int AF_NETLINK = 16;
  int SOCK_RAW = 3;
  int SOCK_CLOEXEC = 0x80000;
  int IPPROTO_RAW = 255;
  int NETLINK_NETFILTER = 12;
  int SOL_IP = 0;
  int O_RDONLY = 0;
  int O_CLOEXEC = 0x80000;
  int CLONE_NEWNET = 0x40000000;
  int MSG_DONTWAIT = 0x40;

  /** Loads the C library; throws a {@link LinkageError} when JNA cannot load its native part. */
  static Libc load() {
    return Native.load("c", Libc.class);
  }

  int socket(int domain, int type, int protocol) throws LastErrorException;

  int getsockopt(int fd, int level, int name, byte[] value, IntByReference length)
      throws LastErrorException;

  // size_t and ssize_t are as wide as a C long on Linux.
  NativeLong send(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

  NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

  int open(String path, int flags) throws LastErrorException;

  int setns(int fd, int type) throws LastErrorException;

  int close(int fd) throws LastErrorException;
}
