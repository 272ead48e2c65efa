package io.peerfix.agent;

/** Which iptables save program reads the tables the node's own components write. */
public enum IptablesBackend {
  LEGACY("iptables-legacy-save"),
  NFT("iptables-nft-save"),
  /** Neither variant could be told (or installed): the system's own {@code iptables-save}. */
  DEFAULT("iptables-save");

  private final String saveProgram;

  IptablesBackend(String saveProgram) {
    this.saveProgram = saveProgram;
  }

  public String saveProgram() {
    return saveProgram;
  }
}
