package io.peerfix.nat;

/**
 * A built table as {@link KernelChecks} walks it: chains by number, and each rule's jump target as
 * {@link TableBuilder} resolved it when it read the rule (looked up by name again only for chains
 * changed since, by -I, -D, -R, -E or a second declaration).
 */
final class DraftGraph implements KernelChecks.Graph {
  private final ChainDraft[] numbered;
  private final Chain[] chains;
  private final Names names;

  /** Chains by number, the drafts they were built from, and the names they are attached to. */
  DraftGraph(ChainDraft[] numbered, Chain[] chains, Names names) {
    this.numbered = numbered;
    this.chains = chains;
    this.names = names;
  }

  @Override
  public int size() {
    return chains.length;
  }

  @Override
  public Chain chain(int number) {
    return chains[number];
  }

  @Override
  public int number(String name) {
    ChainDraft draft = (ChainDraft) names.attachment(name);
    return draft == null ? -1 : inTable(draft);
  }

  @Override
  public int[] jumps(int number) {
    ChainDraft draft = numbered[number];
    int[] to = new int[draft.rules.size()];
    ChainDraft[] known = draft.jumpsKnown() ? draft.jumps : null;
    for (int i = 0; i < to.length; i++) {
      ChainDraft target = known == null ? null : known[i];
      if (target == ChainDraft.NO_JUMP) {
        to[i] = -1;
      } else {
        int found = target == null ? -1 : inTable(target);
        if (found < 0) {
          String name = TableBuilder.jumpsTo(draft.rules.get(i));
          found = name == null ? -1 : number(name);
        }
        to[i] = found;
      }
    }
    return to;
  }

  @Override
  public int allowedHooks(int number) {
    ChainDraft draft = numbered[number];
    if (!draft.inserted) {
      return draft.allowedHooks;
    }
    // Rules inserted, replaced or deleted since they were appended: ask each one.
    int allowed = KernelChecks.ANY_HOOK;
    for (Rule rule : draft.rules) {
      allowed &= KernelChecks.allowedHooks(rule.target());
    }
    return allowed;
  }

  private int inTable(ChainDraft draft) {
    int n = draft.number;
    return n >= 0 && n < numbered.length && numbered[n] == draft ? n : -1;
  }
}
