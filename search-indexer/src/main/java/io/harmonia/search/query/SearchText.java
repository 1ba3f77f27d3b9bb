package io.harmonia.search.query;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A user's search text, normalized once for every use (the Elasticsearch query, the PostgreSQL
 * fallback, the cache key): Unicode NFKC (full-width and compatibility forms become plain ones),
 * lower case, control characters and runs of white space become one space, trimmed, and cut to
 * {@link #MAX_CHARS} characters at a word boundary. It is only ever sent as the text of a
 * {@code match}-family query, never as query syntax, so {@code title:(} is just two words.
 */
public record SearchText(String normalized) {

  /** Longer raw input is refused: no one types it, and it only costs. */
  public static final int MAX_RAW_CHARS = 200;
  public static final int MAX_CHARS = 100;
  private static final Pattern SPACES = Pattern.compile("[\\s\\p{Cc}\\p{Cf}\\p{Z}]+");

  /** Normalizes; an {@link IllegalArgumentException} says why the input is not a query. */
  public static SearchText of(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("q is required and must not be blank");
    }
    if (raw.length() > MAX_RAW_CHARS) {
      throw new IllegalArgumentException("q is longer than " + MAX_RAW_CHARS + " characters");
    }
    String text = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    text = SPACES.matcher(text).replaceAll(" ").trim();
    if (text.length() > MAX_CHARS) {
      int cut = text.lastIndexOf(' ', MAX_CHARS);
      text = text.substring(0, cut > 0 ? cut : MAX_CHARS).trim();
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("q is required and must not be blank");
    }
    return new SearchText(text);
  }

  /** Whether any letter or digit is left: punctuation alone matches nothing. */
  public boolean hasTerms() {
    return normalized.codePoints().anyMatch(Character::isLetterOrDigit);
  }

  @Override
  public String toString() {
    return normalized;
  }
}
