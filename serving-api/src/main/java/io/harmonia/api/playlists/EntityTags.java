package io.harmonia.api.playlists;

import io.harmonia.api.http.ApiProblem;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A playlist's entity tag is its version as a strong ETag ({@code "7"}). Writes may name the
 * version they were based on with {@code If-Match: "7"} or a {@code "version"} field; reads may
 * send {@code If-None-Match} to get a 304 while nothing changed.
 */
final class EntityTags {

  private static final Pattern STRONG = Pattern.compile("\"([1-9][0-9]{0,17})\"");

  private EntityTags() {}

  static String of(long version) {
    return "\"" + version + "\"";
  }

  /**
   * The version a write expects: from {@code If-Match} or the body's {@code version} (they must
   * agree when both are given); empty when the client names none ({@code If-Match: *} included).
   */
  static OptionalLong expectedVersion(String ifMatch, Long bodyVersion) {
    OptionalLong fromHeader = parseIfMatch(ifMatch);
    if (bodyVersion != null && bodyVersion < 1) {
      throw ApiProblem.badRequest("version must be a positive integer, got " + bodyVersion);
    }
    if (bodyVersion != null && fromHeader.isPresent() && fromHeader.getAsLong() != bodyVersion) {
      throw ApiProblem.badRequest("If-Match names version " + fromHeader.getAsLong() + " but the body says version "
          + bodyVersion + ": send one, or the same in both");
    }
    return bodyVersion != null ? OptionalLong.of(bodyVersion) : fromHeader;
  }

  static OptionalLong parseIfMatch(String header) {
    if (header == null || header.isBlank() || header.trim().equals("*")) {
      return OptionalLong.empty();
    }
    Matcher m = STRONG.matcher(header.trim());
    if (!m.matches()) {
      throw ApiProblem.badRequest("If-Match must be one strong entity tag as the playlist's ETag gives it, like \"7\" "
          + "(or *), got '" + shorten(header) + "'");
    }
    return OptionalLong.of(Long.parseLong(m.group(1)));
  }

  /** Whether {@code If-None-Match} names this version (or {@code *}); weak tags compare weakly, as RFC 9110 says. */
  static boolean noneMatchHits(String header, long version) {
    if (header == null || header.isBlank()) {
      return false;
    }
    String current = of(version);
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || t.equals(current) || t.equals("W/" + current)) {
        return true;
      }
    }
    return false;
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
