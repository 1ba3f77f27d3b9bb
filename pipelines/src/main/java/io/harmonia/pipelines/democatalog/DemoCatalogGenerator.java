package io.harmonia.pipelines.democatalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.pipelines.ingest.manifest.CatalogManifest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A deterministic demo catalog in the ingest manifest format: artists with two albums and a
 * single each, genres, release years, and generated masters with the title and artist spoken over
 * their start when {@code espeak-ng} is installed: short ones (a melody of 6–12 s) and a few
 * full-length songs of 3–5 minutes ({@link FullLengthMasters}: a form, chords, melody, bass, drums),
 * the tracks of the first albums of artists spread over the catalog. Artist names come from a HetRec
 * {@code artists.dat} when one is given or found at {@code ../shared/datasets/lastfm-hetrec2011/},
 * and are invented otherwise. Everything derives from the seed: the same options give the same
 * {@code catalog.json} and the same master bytes, and masters already on disk are kept.
 *
 * <p>Usage: {@code DemoCatalogGenerator [--out DIR] [--artists FILE] [--songs N] [--full-length N]
 * [--seed S] [--id-prefix P] [--no-speech]} ({@link Job}; {@code --help} prints it).
 */
public final class DemoCatalogGenerator {

  static final int ALBUMS_PER_ARTIST = 2;
  static final int TRACKS_PER_ALBUM = 4;
  /** two albums of four tracks, minus one, plus a single: every eighth song has no album */
  static final int SONGS_PER_ARTIST = 8;
  /** full-length songs last from 3 to 5 minutes */
  static final int FULL_LENGTH_MIN_MILLIS = 180_000;
  static final int FULL_LENGTH_MAX_MILLIS = 300_000;
  static final Path SHARED_ARTISTS = Path.of("..", "shared", "datasets", "lastfm-hetrec2011", "artists.dat");

  /**
   * @param artistsFile a HetRec artists.dat; null to invent names
   * @param minMillis the short songs' shortest duration
   * @param maxMillis the short songs' longest duration
   * @param fullLengthSongs how many songs last 3–5 minutes (fewer when the catalog has fewer first-album tracks)
   * @param speech speak titles with espeak-ng (when installed)
   */
  public record Settings(Path out, Path artistsFile, int songs, long seed, String idPrefix, int minMillis,
      int maxMillis, int fullLengthSongs, boolean speech) {

    public static Settings defaults(Path out) {
      return new Settings(out, null, 320, 42, "demo", 6000, 12000, 12, true);
    }

    public Settings withOut(Path dir) {
      return new Settings(dir, artistsFile, songs, seed, idPrefix, minMillis, maxMillis, fullLengthSongs, speech);
    }

    public Settings withArtistsFile(Path file) {
      return new Settings(out, file, songs, seed, idPrefix, minMillis, maxMillis, fullLengthSongs, speech);
    }

    public Settings withSongs(int count) {
      return new Settings(out, artistsFile, count, seed, idPrefix, minMillis, maxMillis, fullLengthSongs, speech);
    }

    public Settings withIdPrefix(String prefix) {
      return new Settings(out, artistsFile, songs, seed, prefix, minMillis, maxMillis, fullLengthSongs, speech);
    }

    public Settings withSpeech(boolean on) {
      return new Settings(out, artistsFile, songs, seed, idPrefix, minMillis, maxMillis, fullLengthSongs, on);
    }

    public Settings withSeed(long value) {
      return new Settings(out, artistsFile, songs, value, idPrefix, minMillis, maxMillis, fullLengthSongs, speech);
    }

    public Settings withFullLengthSongs(int count) {
      return new Settings(out, artistsFile, songs, seed, idPrefix, minMillis, maxMillis, count, speech);
    }
  }

  /** What a generation produced. */
  public record Result(Path catalogDir, int artists, int albums, int songs, int fullLengthSongs, int mastersWritten,
      int mastersKept, long audioMillis, String artistNames, boolean speech) {}

  /** A song whose master is to be rendered. */
  record DemoSong(String id, String title, String artistName, String genre, int durationMs, boolean fullLength,
      long seed) {}

  /** What a generation writes: the manifest, and the songs whose masters it renders. */
  record Plan(ObjectNode catalog, List<DemoSong> songs, int artists, int albums, String artistNames) {}

  private DemoCatalogGenerator() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new Job()).execute(args));
  }

  /** The command line: {@code bin/platform job demo-catalog [options]}. */
  @Command(name = "bin/platform job demo-catalog", sortOptions = false, usageHelpAutoWidth = true,
      description = {"Writes a deterministic demo catalog (catalog.json + generated masters) for bin/platform ingest; "
          + "the same options give the same bytes, and masters already there are kept.",
          "Exit status: 0 written, 1 failed, 2 bad arguments."})
  static final class Job implements Callable<Integer> {

    private static final Settings DEFAULTS = Settings.defaults(null);

    @Option(names = "--out", paramLabel = "DIR", description = "where to write (default: $HARMONIA_STATE_DIR/demo-catalog)")
    Path out;

    @Option(names = "--artists", paramLabel = "FILE",
        description = "a HetRec artists.dat for the artist names (default: ../shared/datasets/lastfm-hetrec2011/"
            + "artists.dat when it exists, else invented names)")
    Path artists;

    @Option(names = "--songs", paramLabel = "N", description = "how many songs, 1-99999 (default: ${DEFAULT-VALUE})")
    int songs = DEFAULTS.songs();

    @Option(names = "--full-length", paramLabel = "N",
        description = "how many songs last 3-5 minutes: the tracks of the first albums of artists spread over the"
            + " catalog (default: ${DEFAULT-VALUE}; 0: every song is short, 6-12 s)")
    int fullLength = DEFAULTS.fullLengthSongs();

    @Option(names = "--seed", paramLabel = "S", description = "everything derives from it (default: ${DEFAULT-VALUE})")
    long seed = DEFAULTS.seed();

    @Option(names = "--id-prefix", paramLabel = "P", description = "song ids start with it (default: ${DEFAULT-VALUE})")
    String idPrefix = DEFAULTS.idPrefix();

    @Option(names = "--no-speech", description = "melody only: no titles spoken by espeak-ng")
    boolean noSpeech;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    /** @throws IllegalArgumentException when the options make no catalog */
    Settings settings() {
      if (artists != null && !Files.isRegularFile(artists)) {
        throw new IllegalArgumentException("--artists: no file at " + artists);
      }
      String stateDir = System.getenv().getOrDefault("HARMONIA_STATE_DIR", "/var/tmp/harmonia");
      Settings settings = Settings.defaults(out != null ? out : Path.of(stateDir, "demo-catalog"))
          .withSongs(songs).withFullLengthSongs(fullLength).withSeed(seed).withIdPrefix(idPrefix).withSpeech(!noSpeech)
          .withArtistsFile(artists != null ? artists : findSharedArtists().orElse(null));
      check(settings);
      return settings;
    }

    @Override
    public Integer call() throws IOException {
      Settings settings;
      try {
        settings = settings();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      long started = System.nanoTime();
      Result result = generate(settings);
      System.out.printf("demo catalog: %d songs (%d of them full-length), %d albums, %d artists (%s), %.0f s of audio%n",
          result.songs(), result.fullLengthSongs(), result.albums(), result.artists(), result.artistNames(),
          result.audioMillis() / 1000.0);
      System.out.printf("  masters: %d written, %d already there%s; in %.1f s%n", result.mastersWritten(),
          result.mastersKept(), result.speech() ? " (titles spoken by espeak-ng)" : " (melody only: no espeak-ng)",
          (System.nanoTime() - started) / 1e9);
      System.out.println("  ingest it: bin/platform ingest " + result.catalogDir());
      return 0;
    }
  }

  private static void check(Settings settings) {
    if (settings.songs() < 1 || settings.songs() > 99_999) {
      throw new IllegalArgumentException("--songs must be between 1 and 99999");
    }
    if (settings.fullLengthSongs() < 0 || settings.fullLengthSongs() > 99_999) {
      throw new IllegalArgumentException("--full-length must be between 0 and 99999");
    }
    if (!settings.idPrefix().matches("^[A-Za-z0-9_-]{1,40}$")) {
      throw new IllegalArgumentException("--id-prefix must be 1-40 of A-Z a-z 0-9 _ -");
    }
  }

  public static Result generate(Settings settings) throws IOException {
    Plan plan = plan(settings);
    Path out = settings.out();
    Files.createDirectories(out.resolve("masters"));
    Path manifest = out.resolve(CatalogManifest.FILE_NAME);
    Path partial = out.resolve(CatalogManifest.FILE_NAME + ".partial");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(partial.toFile(), plan.catalog());
    Files.move(partial, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    Optional<String> espeak = settings.speech() ? findOnPath("espeak-ng") : Optional.empty();
    int[] counts = renderAll(out, plan.songs(), espeak.orElse(null));
    long audio = plan.songs().stream().mapToLong(DemoSong::durationMs).sum();
    int fullLength = (int) plan.songs().stream().filter(DemoSong::fullLength).count();
    return new Result(out.toAbsolutePath(), plan.artists(), plan.albums(), plan.songs().size(), fullLength, counts[0],
        counts[1], audio, plan.artistNames(), espeak.isPresent());
  }

  /**
   * The catalog the settings make, without writing anything. The full-length songs are the tracks of
   * the first albums of {@link #fullLengthArtists} (spread over the catalog, of different genres), in
   * song order, up to {@link Settings#fullLengthSongs()}.
   */
  static Plan plan(Settings settings) throws IOException {
    check(settings);
    int artistCount = (settings.songs() + SONGS_PER_ARTIST - 1) / SONGS_PER_ARTIST;
    Random random = new Random(settings.seed());
    List<String> names;
    String source;
    if (settings.artistsFile() != null) {
      List<String> real = new ArrayList<>(HetrecArtists.read(settings.artistsFile()));
      Collections.shuffle(real, random);
      names = real.subList(0, Math.min(artistCount, real.size()));
      if (names.size() < artistCount) { // a short file: invent the rest
        names = new ArrayList<>(names);
        names.addAll(DemoNames.artists(random, artistCount - names.size()));
      }
      source = "names from " + settings.artistsFile();
    } else {
      names = DemoNames.artists(random, artistCount);
      source = "invented names";
    }

    ObjectMapper json = new ObjectMapper();
    ObjectNode catalog = json.createObjectNode();
    catalog.put("format", CatalogManifest.FORMAT);
    catalog.put("generated_by", "harmonia demo-catalog --seed " + settings.seed() + " --songs " + settings.songs()
        + " --full-length " + settings.fullLengthSongs());
    ArrayNode artists = catalog.putArray("artists");
    ArrayNode albums = catalog.putArray("albums");
    ArrayNode songs = catalog.putArray("songs");
    List<DemoSong> toRender = new ArrayList<>();
    Set<Integer> fullLengthArtists = fullLengthArtists(settings, artistCount);
    int fullLengthLeft = settings.fullLengthSongs();
    int maxYear = Year.now(ZoneOffset.UTC).getValue();
    String prefix = settings.idPrefix();

    int songNumber = 0;
    int albumNumber = 0;
    for (int a = 0; a < artistCount; a++) {
      Random r = artistRandom(settings.seed(), a); // per artist: adding songs keeps earlier ones
      String artistId = String.format("%s-ar-%04d", prefix, a + 1);
      String genre = DemoNames.pick(r, DemoNames.GENRES); // its first draw (fullLengthArtists reads it too)
      int debut = 1965 + r.nextInt(Math.max(1, maxYear - 1965 - 8));
      artists.addObject().put("artist_id", artistId).put("name", names.get(a));

      List<String> albumIds = new ArrayList<>();
      List<Integer> albumYears = new ArrayList<>();
      for (int b = 0; b < ALBUMS_PER_ARTIST; b++) {
        String albumId = String.format("%s-al-%04d", prefix, ++albumNumber);
        int year = Math.min(maxYear, debut + 3 * b + r.nextInt(3));
        albums.addObject().put("album_id", albumId).put("artist_id", artistId)
            .put("title", DemoNames.albumTitle(r)).put("release_year", year);
        albumIds.add(albumId);
        albumYears.add(year);
      }
      for (int t = 0; t < SONGS_PER_ARTIST && songNumber < settings.songs(); t++) {
        String songId = String.format("%s-so-%05d", prefix, ++songNumber);
        String title = DemoNames.songTitle(r);
        int durationMs = settings.minMillis() + r.nextInt(Math.max(1, settings.maxMillis() - settings.minMillis()));
        long masterSeed = r.nextLong();
        boolean fullLength = fullLengthLeft > 0 && fullLengthArtists.contains(a) && t < TRACKS_PER_ALBUM;
        if (fullLength) { // its own draw: the other songs' titles, durations and masters stay as they were
          fullLengthLeft--;
          durationMs = FULL_LENGTH_MIN_MILLIS
              + new Random(masterSeed).nextInt(FULL_LENGTH_MAX_MILLIS - FULL_LENGTH_MIN_MILLIS + 1);
        }
        durationMs -= durationMs % 10;
        ObjectNode song = songs.addObject().put("song_id", songId).put("title", title).put("artist_id", artistId);
        int albumIndex = t / TRACKS_PER_ALBUM;
        if (t < SONGS_PER_ARTIST - 1) {
          song.put("album_id", albumIds.get(albumIndex)).put("track_number", t % TRACKS_PER_ALBUM + 1)
              .put("release_year", albumYears.get(albumIndex));
        } else { // the single, after the albums
          song.put("release_year", Math.min(maxYear, albumYears.get(albumYears.size() - 1) + 1));
        }
        song.put("genre", genre).put("duration_ms", durationMs).put("master", "masters/" + songId + ".wav");
        toRender.add(new DemoSong(songId, title, names.get(a), genre, durationMs, fullLength, masterSeed));
      }
    }
    return new Plan(catalog, List.copyOf(toRender), artistCount, albumNumber, source);
  }

  private static Random artistRandom(long seed, int artist) {
    return new Random(seed * 1_000_003L + artist);
  }

  /**
   * The artists whose first album is full-length: one in each of as many equal stretches of the catalog
   * as there are such albums, the first artist of its stretch whose genre no earlier one has (the
   * stretch's first artist when every genre there is taken). The first artist is always one.
   */
  static Set<Integer> fullLengthArtists(Settings settings, int artistCount) {
    int albums = (settings.fullLengthSongs() + TRACKS_PER_ALBUM - 1) / TRACKS_PER_ALBUM;
    int stride = Math.max(1, artistCount / Math.max(1, albums));
    Set<Integer> chosen = new LinkedHashSet<>();
    Set<String> genres = new HashSet<>();
    for (int start = 0; start < artistCount && chosen.size() < albums; start += stride) {
      int pick = start;
      for (int a = start; a < Math.min(artistCount, start + stride); a++) {
        if (!genres.contains(DemoNames.pick(artistRandom(settings.seed(), a), DemoNames.GENRES))) {
          pick = a;
          break;
        }
      }
      chosen.add(pick);
      genres.add(DemoNames.pick(artistRandom(settings.seed(), pick), DemoNames.GENRES));
    }
    return chosen;
  }

  /** Renders the masters that are not there yet, on all cores. Returns {written, kept}. */
  private static int[] renderAll(Path out, List<DemoSong> songs, String espeak) throws IOException {
    AtomicInteger written = new AtomicInteger();
    AtomicInteger kept = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (DemoSong song : songs) {
        tasks.add(pool.submit(() -> {
          Path master = out.resolve("masters").resolve(song.id() + ".wav");
          long expectedSize = 44 + 4L * ((long) song.durationMs() * DemoMasters.SAMPLE_RATE / 1000);
          try {
            if (Files.isRegularFile(master) && Files.size(master) == expectedSize) {
              kept.incrementAndGet();
              return;
            }
            float[] speech = espeak == null ? null : DemoMasters.speak(espeak, song.title() + ", by " + song.artistName());
            Path partial = master.resolveSibling(master.getFileName() + ".partial");
            if (song.fullLength()) { // minutes of audio: streamed to the file a chunk at a time
              try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                FullLengthMasters.write(song.seed(), song.durationMs(), song.genre(), speech, file);
              }
            } else {
              Files.write(partial, DemoMasters.render(song.seed(), song.durationMs(), song.genre(), speech));
            }
            Files.move(partial, master, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written.incrementAndGet();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("generating a master failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new int[] {written.get(), kept.get()};
  }

  static Optional<String> findOnPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  /** The shared HetRec file beside the checkout, if there is one. */
  static Optional<Path> findSharedArtists() {
    List<Path> roots = new ArrayList<>();
    String root = System.getenv("HARMONIA_ROOT");
    if (root != null) {
      roots.add(Path.of(root));
    }
    roots.add(Path.of("").toAbsolutePath());
    return roots.stream().map(r -> r.resolve(SHARED_ARTISTS).normalize()).filter(Files::isRegularFile).findFirst();
  }

  /**
   * The settings a command line asks for.
   *
   * @throws IllegalArgumentException on an unknown option, a bad value or options that make no catalog
   */
  static Settings parse(String[] args) {
    Job job = new Job();
    try {
      new CommandLine(job).parseArgs(args);
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return job.settings();
  }
}
