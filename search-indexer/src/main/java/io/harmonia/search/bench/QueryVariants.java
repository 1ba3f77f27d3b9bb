package io.harmonia.search.bench;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Queries a person might type for a name: one or two typos (two letters swapped, one dropped, one
 * doubled), the name without its diacritics, or the first word and the start of the second.
 * Deterministic for a given {@link Random}.
 *
 * <p>Typos stay within what a typing person makes and what {@code fuzziness: AUTO} forgives: at
 * most one in a word of 3–5 letters, two only in a word of 6 or more letters or spread over two
 * words; words shorter than 3 letters are left alone.
 */
public final class QueryVariants {

  public enum Kind { ONE_TYPO, TWO_TYPOS, NO_DIACRITICS, PREFIX }

  public record Variant(Kind kind, String query) {}

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private QueryVariants() {}

  /** Every variant that applies to the name (and differs from it). */
  public static List<Variant> of(String name, Random random) {
    List<Variant> variants = new ArrayList<>();
    oneTypo(name, random).ifPresent(q -> variants.add(new Variant(Kind.ONE_TYPO, q)));
    twoTypos(name, random).ifPresent(q -> variants.add(new Variant(Kind.TWO_TYPOS, q)));
    String folded = withoutDiacritics(name);
    if (!folded.equals(name)) {
      variants.add(new Variant(Kind.NO_DIACRITICS, folded));
    }
    prefix(name).ifPresent(q -> variants.add(new Variant(Kind.PREFIX, q)));
    return variants;
  }

  public static String withoutDiacritics(String name) {
    return MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
  }

  static java.util.Optional<String> oneTypo(String name, Random random) {
    String[] words = name.split(" ");
    List<Integer> candidates = wordsAtLeast(words, 3);
    if (candidates.isEmpty()) {
      return java.util.Optional.empty();
    }
    int w = candidates.get(random.nextInt(candidates.size()));
    words[w] = typo(words[w], random);
    return differs(name, String.join(" ", words));
  }

  static java.util.Optional<String> twoTypos(String name, Random random) {
    String[] words = name.split(" ");
    List<Integer> long6 = wordsAtLeast(words, 6);
    List<Integer> any3 = wordsAtLeast(words, 3);
    if (!long6.isEmpty() && (any3.size() < 2 || random.nextBoolean())) {
      int w = long6.get(random.nextInt(long6.size()));
      words[w] = typo(typo(words[w], random), random);
    } else if (any3.size() >= 2) {
      int a = random.nextInt(any3.size());
      int b = (a + 1 + random.nextInt(any3.size() - 1)) % any3.size();
      words[any3.get(a)] = typo(words[any3.get(a)], random);
      words[any3.get(b)] = typo(words[any3.get(b)], random);
    } else {
      return java.util.Optional.empty();
    }
    return differs(name, String.join(" ", words));
  }

  /** The first word and the first 60% (at least one letter) of the second. */
  static java.util.Optional<String> prefix(String name) {
    String[] words = name.trim().split("\\s+");
    if (words.length < 2 || words[1].length() < 2) {
      return java.util.Optional.empty();
    }
    int keep = Math.max(1, (int) Math.ceil(words[1].length() * 0.6));
    if (keep >= words[1].length()) {
      keep = words[1].length() - 1;
    }
    return java.util.Optional.of(words[0] + " " + words[1].substring(0, keep));
  }

  /** One typo: swap two neighbouring letters, drop one, or double one. */
  static String typo(String word, Random random) {
    int[] cps = word.codePoints().toArray();
    int n = cps.length;
    int kind = random.nextInt(3);
    StringBuilder out = new StringBuilder();
    if (kind == 0 && n >= 2) {
      int i = random.nextInt(n - 1);
      int t = cps[i];
      cps[i] = cps[i + 1];
      cps[i + 1] = t;
      for (int cp : cps) {
        out.appendCodePoint(cp);
      }
    } else if (kind == 1) {
      int drop = random.nextInt(n);
      for (int i = 0; i < n; i++) {
        if (i != drop) {
          out.appendCodePoint(cps[i]);
        }
      }
    } else {
      int twice = random.nextInt(n);
      for (int i = 0; i < n; i++) {
        out.appendCodePoint(cps[i]);
        if (i == twice) {
          out.appendCodePoint(cps[i]);
        }
      }
    }
    return out.toString();
  }

  private static List<Integer> wordsAtLeast(String[] words, int letters) {
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      if (words[i].codePoints().filter(Character::isLetter).count() >= letters
          && words[i].codePoints().allMatch(Character::isLetter)) {
        indices.add(i);
      }
    }
    return indices;
  }

  private static java.util.Optional<String> differs(String name, String query) {
    return query.equalsIgnoreCase(name) ? java.util.Optional.empty() : java.util.Optional.of(query);
  }
}
