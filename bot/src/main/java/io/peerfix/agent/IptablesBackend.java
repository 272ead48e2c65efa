package io.peerfix.agent;

/** Which iptables the node's own components write to, and the save program that reads it. */
public enum IptablesBackend {
  LEGACY("legacy", "iptables-legacy-save"),
  NFT("nft", "iptables-nft-save"),
  /** Neither variant could be told (or installed): the system's own {@code iptables-save}. */
  DEFAULT("default", "iptables-save");

  private final String label;
  private final String saveProgram;

  IptablesBackend(String label, String saveProgram) {
    this.label = label;
    this.saveProgram = saveProgram;
  }

  /** The name reported in node facts: legacy, nft or default. */
  public String label() {
    return label;
  }

  public String saveProgram() {
    return saveProgram;
  }
}
