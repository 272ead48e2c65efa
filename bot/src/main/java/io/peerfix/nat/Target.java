package io.peerfix.nat;

/** What a matching rule does. Anything not modeled is {@link Unknown}: evaluation stops there. */
sealed interface Target {

  /** The target in iptables-save syntax, e.g. {@code -j MASQUERADE --random-fully}. */
  String render();

  /** {@code -j CHAIN}. */
  record Jump(String chain) implements Target {
    @Override
    public String render() {
      return "-j " + chain;
    }
  }

  /** {@code -g CHAIN}: RETURN from it goes back to the chain that called the current one. */
  record Goto(String chain) implements Target {
    @Override
    public String render() {
      return "-g " + chain;
    }
  }

  /** {@code -j RETURN}. */
  record Return() implements Target {
    @Override
    public String render() {
      return "-j RETURN";
    }
  }

  /** {@code -j ACCEPT}: the nat table is done for this hook, no NAT. */
  record Accept() implements Target {
    @Override
    public String render() {
      return "-j ACCEPT";
    }
  }

  /** A rule without target: counts and continues. */
  record None() implements Target {
    @Override
    public String render() {
      return "";
    }
  }

  /**
   * {@code -j MARK}: new mark = (mark AND NOT mask) XOR value, which is how the kernel applies all
   * of --set-xmark, --set-mark, --and-mark, --or-mark and --xor-mark.
   */
  record Mark(int value, int mask, String options) implements Target {
    int apply(int mark) {
      return (mark & ~mask) ^ value;
    }

    @Override
    public String render() {
      return "-j MARK " + options;
    }
  }

  /**
   * {@code -j CONNMARK}: the connection's mark (0 for a new connection unless set earlier) and the
   * packet mark. {@code kind} is SET (ctmark = (ctmark AND NOT mask) XOR value), SAVE (ctmark =
   * (ctmark AND NOT ctmask) XOR (mark AND nfmask)) or RESTORE (mark = (mark AND NOT nfmask) XOR
   * (ctmark AND ctmask)).
   */
  record ConnMark(String kind, int value, int mask, int ctMask, int nfMask, String options)
      implements Target {
    @Override
    public String render() {
      return "-j CONNMARK " + options;
    }
  }

  /** A target that only observes (LOG, NFLOG...): evaluation continues with the next rule. */
  record Continue(String name, String options) implements Target {
    @Override
    public String render() {
      return ("-j " + name + " " + options).trim();
    }
  }

  /** {@code -j MASQUERADE}: source becomes the out-interface address. */
  record Masquerade(String options) implements Target {
    @Override
    public String render() {
      return ("-j MASQUERADE " + options).trim();
    }
  }

  /** {@code -j SNAT --to-source a[-b][:ports]}; {@code from == -1} when only ports are given. */
  record Snat(long from, long to, String options) implements Target {
    @Override
    public String render() {
      return "-j SNAT " + options;
    }
  }

  /**
   * {@code -j DNAT --to-destination a[-b][:port[-port]]}; {@code from == -1} when only ports are
   * given, {@code ports} null when not given; {@code random} for {@code --random}.
   */
  record Dnat(long from, long to, PortRange ports, boolean random, String options)
      implements Target {
    @Override
    public String render() {
      return "-j DNAT " + options;
    }
  }

  /**
   * {@code -j REDIRECT [--to-ports p[-q]] [--random]}: destination becomes the node itself; {@code
   * ports} null when not given.
   */
  record Redirect(PortRange ports, boolean random, String options) implements Target {
    @Override
    public String render() {
      return ("-j REDIRECT " + options).trim();
    }
  }

  /** A target the model does not know, or cannot know from a listing: evaluation stops. */
  record Unknown(String name, String options, String why) implements Target {
    @Override
    public String render() {
      return ("-j " + name + " " + options).trim();
    }
  }
}
