package io.peerfix.nat;

/** The form a nat table dump was pasted in, as detected by {@link NatDump#parse(String)}. */
public enum DumpFormat {
  /** {@code iptables-save} (optionally {@code -c}), possibly several tables. */
  IPTABLES_SAVE,
  /** {@code iptables -t nat -S}. */
  IPTABLES_S,
  /** {@code iptables -t nat -L -n [-v] [--line-numbers]}: lossy, see docs/nat-model.md. */
  IPTABLES_LIST
}
