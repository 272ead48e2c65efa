package io.peerfix.nat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ChainLister} over a whole table read once ({@code iptables-save -t nat} text): the lines
 * of each chain are found by an index of line offsets, so listing a chain copies only its lines and
 * nothing of the table is parsed. Keeps what the whole table is ({@link #whole()}): its SHA-256,
 * size, rules and chains.
 */
public final class SavedChains implements ChainLister {
  private final String text;
  private final Map<String, String> policies = new HashMap<>();
  private final Map<String, List<int[]>> lines = new HashMap<>();
  private final NatSliceWalk.Whole whole;

  public SavedChains(String saveText) {
    this.text = saveText;
    int rules = 0;
    boolean inNat = false;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      if (text.startsWith("*", start)) {
        inNat = text.startsWith("*nat", start);
      } else if (inNat && text.startsWith(":", start)) {
        String[] parts = text.substring(start + 1, end).strip().split(" ");
        policies.put(parts[0], parts.length > 1 ? parts[1] : "-");
      } else if (inNat && text.startsWith("-A ", start)) {
        int space = text.indexOf(' ', start + 3);
        String chain = text.substring(start + 3, space < 0 || space > end ? end : space);
        lines.computeIfAbsent(chain, c -> new ArrayList<>()).add(new int[] {start, end});
        rules++;
      }
      start = end + 1;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    whole = new NatSliceWalk.Whole(NatSlicer.sha256(bytes), bytes.length, rules, policies.size());
  }

  /** What the whole table is: read once, it can be said. */
  public NatSliceWalk.Whole whole() {
    return whole;
  }

  @Override
  public Optional<String> list(String chain) {
    String policy = policies.get(chain);
    if (policy == null) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    out.append(policy.equals("-") ? "-N " + chain : "-P " + chain + " " + policy).append('\n');
    for (int[] line : lines.getOrDefault(chain, List.of())) {
      out.append(text, line[0], line[1]).append('\n');
    }
    return Optional.of(out.toString());
  }
}
