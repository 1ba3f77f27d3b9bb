package io.harmonia.reco;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Listening data with an obvious structure for tests: users fall into communities, each with its own
 * items; a user plays {@code perUser} of the community's items, a few of them a lot. Popularity
 * alone cannot tell communities apart; a collaborative model can.
 */
public final class TasteCommunities {

  private TasteCommunities() {}

  /** Triples {@code user item plays} with a header, users {@code u<n>}, items {@code s<community>-<n>}. */
  public static Path write(Path file, int users, int communities, int itemsPerCommunity, int perUser, Random random)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("user_id\titem_id\tplays");
    for (String[] play : plays(users, communities, itemsPerCommunity, perUser, random)) {
      lines.add(String.join("\t", play));
    }
    Files.write(file, lines);
    return file;
  }

  /** {@code [user_id, song_id, plays]} rows. */
  public static List<String[]> plays(int users, int communities, int itemsPerCommunity, int perUser, Random random) {
    List<String[]> rows = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int community = u % communities;
      List<Integer> items = new ArrayList<>();
      for (int i = 0; i < itemsPerCommunity; i++) {
        items.add(i);
      }
      java.util.Collections.shuffle(items, random);
      for (int i : items.subList(0, perUser)) {
        // lower-numbered items are the community's hits: played by more users, and more often
        int plays = 1 + random.nextInt(3) + (i < 3 ? 20 : 0);
        rows.add(new String[] {"u" + u, "s" + community + "-" + i, String.valueOf(plays)});
      }
    }
    return rows;
  }
}
