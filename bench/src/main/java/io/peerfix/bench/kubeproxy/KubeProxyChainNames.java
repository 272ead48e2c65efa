package io.peerfix.bench.kubeproxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Chain names exactly as kube-proxy (iptables mode) derives them: the first 16 characters of the
 * base32 (RFC 4648) SHA-256 of the service port name and protocol (plus the endpoint for a KUBE-SEP
 * chain), so that generated tables look like the ones users paste.
 */
public final class KubeProxyChainNames {
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final int HASH_CHARS = 16;

  private KubeProxyChainNames() {}

  /**
   * {@code KUBE-SVC-...} for a service port such as {@code ns1/svc1:p80} and protocol {@code tcp}.
   */
  public static String service(String servicePortName, String protocol) {
    return "KUBE-SVC-" + hash(servicePortName + protocol);
  }

  /** {@code KUBE-EXT-...}: the external (NodePort) entry chain of the same service port. */
  public static String external(String servicePortName, String protocol) {
    return "KUBE-EXT-" + hash(servicePortName + protocol);
  }

  /** {@code KUBE-SEP-...} for one endpoint ({@code ip:port}) of a service port. */
  public static String endpoint(String servicePortName, String protocol, String endpoint) {
    return "KUBE-SEP-" + hash(servicePortName + protocol + endpoint);
  }

  private static String hash(String text) {
    byte[] digest = sha256(text.getBytes(StandardCharsets.UTF_8));
    return base32(digest).substring(0, HASH_CHARS);
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  // The JDK has no base32 codec; this is the plain RFC 4648 alphabet without padding.
  private static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 8 / 5 + 1);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >> (bits - 5)) & 0x1f));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 0x1f));
    }
    return out.toString();
  }
}
