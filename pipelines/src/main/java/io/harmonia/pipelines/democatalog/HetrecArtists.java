package io.harmonia.pipelines.democatalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Artist names from a file in the HetRec 2011 Last.fm {@code artists.dat} format: UTF-8,
 * tab-separated {@code id name url pictureURL}, one header line. Names that would make poor demo
 * artists (blank, control characters, over {@value #MAX_NAME_LENGTH} characters: long lists of
 * performers) are skipped, as are repeats (ignoring case); undecodable bytes are replaced, not fatal.
 */
public final class HetrecArtists {

  static final int MAX_NAME_LENGTH = 60;

  private HetrecArtists() {}

  /** The usable names, in file order. */
  public static List<String> read(Path file) throws IOException {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
      String header = in.readLine();
      if (header == null || !header.toLowerCase(Locale.ROOT).startsWith("id\tname")) {
        throw new IOException(file + " does not look like HetRec artists.dat (expected a header 'id<TAB>name...')");
      }
      for (String line; (line = in.readLine()) != null; ) {
        String[] fields = line.split("\t", -1);
        if (fields.length < 2) {
          continue;
        }
        String name = fields[1].strip();
        if (usable(name) && seen.add(name.toLowerCase(Locale.ROOT))) {
          names.add(name);
        }
      }
    }
    return names;
  }

  static boolean usable(String name) {
    if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH || name.contains("\uFFFD")) {
      return false;
    }
    return name.codePoints().noneMatch(Character::isISOControl);
  }
}
