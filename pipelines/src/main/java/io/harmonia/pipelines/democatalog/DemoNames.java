package io.harmonia.pipelines.democatalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Invented names and titles for the demo catalog, drawn from small word lists by a seeded random. */
final class DemoNames {

  static final List<String> GENRES = List.of(
      "rock", "pop", "electronic", "jazz", "hip-hop", "folk", "classical", "metal", "soul", "reggae", "blues",
      "ambient");

  private static final List<String> ADJECTIVES = List.of(
      "Silver", "Midnight", "Electric", "Velvet", "Golden", "Hollow", "Crimson", "Quiet", "Neon", "Wild",
      "Paper", "Northern", "Broken", "Lucky", "Lonely", "Bright", "Distant", "Secret", "Burning", "Frozen",
      "Gentle", "Restless", "Open", "Hidden", "Summer", "Winter", "Blue", "Tender", "Savage", "Little");
  private static final List<String> NOUNS = List.of(
      "River", "Letters", "Lights", "Garden", "Machine", "Heart", "Harbor", "Echo", "Mirror", "Highway",
      "Ocean", "Signal", "Shadow", "Fire", "Window", "Station", "Dream", "Horizon", "Stone", "Radio",
      "Thunder", "Feather", "Orchard", "Avenue", "Compass", "Lantern", "Canyon", "Circus", "Satellite", "Rain");
  private static final List<String> PLURALS = List.of(
      "Wolves", "Strangers", "Sparrows", "Engines", "Tides", "Foxes", "Saints", "Ghosts", "Pilots", "Lovers",
      "Comets", "Sailors", "Dreamers", "Giants", "Owls", "Rivals");
  private static final List<String> FIRST = List.of(
      "Ada", "Leon", "Mira", "Oskar", "Nina", "Jonas", "Lena", "Rafael", "Ines", "Theo", "Sofia", "Emil",
      "Amara", "Kenji", "Lucia", "Malik", "Freya", "Tomas", "Yara", "Felix");
  private static final List<String> LAST = List.of(
      "Hart", "Okafor", "Lindqvist", "Moreau", "Novak", "Reyes", "Castell", "Brennan", "Sato", "Delacroix",
      "Weiss", "Amari", "Kowalski", "Fontaine", "Rivera", "Lund", "Ibsen", "Marlowe", "Quinn", "Vale");

  private DemoNames() {}

  /** {@code count} distinct invented artist names. */
  static List<String> artists(Random random, int count) {
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    while (names.size() < count) {
      String name = switch (random.nextInt(3)) {
        case 0 -> "The " + pick(random, ADJECTIVES) + " " + pick(random, PLURALS);
        case 1 -> pick(random, FIRST) + " " + pick(random, LAST);
        default -> pick(random, ADJECTIVES) + " " + pick(random, NOUNS);
      };
      if (!seen.add(name)) {
        name = name + " " + (names.size() + 1); // the lists are small: a number keeps a repeat distinct
        seen.add(name);
      }
      names.add(name);
    }
    return names;
  }

  static String albumTitle(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> pick(random, ADJECTIVES) + " " + pick(random, NOUNS);
      case 1 -> "The " + pick(random, NOUNS) + " Sessions";
      default -> pick(random, NOUNS) + "s of " + pick(random, NOUNS);
    };
  }

  static String songTitle(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> pick(random, ADJECTIVES) + " " + pick(random, NOUNS);
      case 1 -> "The " + pick(random, NOUNS);
      case 2 -> pick(random, NOUNS) + " in the " + pick(random, NOUNS);
      default -> pick(random, ADJECTIVES) + " " + pick(random, PLURALS);
    };
  }

  static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
