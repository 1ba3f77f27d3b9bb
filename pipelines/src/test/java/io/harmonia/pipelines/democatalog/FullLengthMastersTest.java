package io.harmonia.pipelines.democatalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.pipelines.democatalog.FullLengthMasters.Composition;
import io.harmonia.pipelines.democatalog.FullLengthMasters.Note;
import io.harmonia.pipelines.democatalog.FullLengthMasters.Part;
import io.harmonia.pipelines.democatalog.FullLengthMasters.Section;
import io.harmonia.pipelines.democatalog.FullLengthMasters.Voice;
import io.harmonia.pipelines.ingest.audio.Ffmpeg;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullLengthMastersTest {

  private static final int RATE = FullLengthMasters.SAMPLE_RATE;

  @TempDir Path dir;

  @Test
  void aFullLengthMasterLastsItsDurationAndIsMusicAllTheWay() throws Exception {
    int durationMs = 183_450;
    Path master = dir.resolve("song.wav");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(master))) {
      FullLengthMasters.write(42, durationMs, "rock", null, out);
    }

    long frames = (long) durationMs * RATE / 1000;
    assertThat(Files.size(master)).isEqualTo(44 + 4 * frames);
    long decoded = new Ffmpeg("ffmpeg", 120).decodedDurationMicros(master);
    assertThat(decoded / 1000.0).isCloseTo(durationMs, org.assertj.core.data.Offset.offset(30.0));

    // loudness of every 3 s up to the final fade: never near silence, and rising and falling with the form
    List<Double> rms = windowRms(master, 3 * RATE);
    List<Double> body = rms.subList(0, rms.size() - 3); // the last ~8 s fade out
    assertThat(body).hasSizeGreaterThanOrEqualTo(55).allSatisfy(r -> assertThat(r).isGreaterThan(0.02)); // -34 dBFS
    double quietest = body.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double loudest = body.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertThat(loudest / quietest).isGreaterThan(1.3);
    assertThat(loudest).isLessThan(0.5); // and never a wall of clipped samples
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
    String first = sha256(42, 180_000, "pop");
    String again = sha256(42, 180_000, "pop");
    String other = sha256(43, 180_000, "pop");

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void everySongHasAFormOfVersesChorusesAndABridgeThatFillsItsDuration() {
    for (String genre : DemoNames.GENRES) {
      for (int durationMs = 180_000; durationMs <= 300_000; durationMs += 20_000) {
        Composition song = FullLengthMasters.compose(durationMs + genre.hashCode(), durationMs, genre);
        List<Section> sections = song.sections();
        List<Part> parts = sections.stream().map(Section::part).toList();

        assertThat(parts.get(0)).isEqualTo(Part.INTRO);
        assertThat(parts.get(parts.size() - 1)).isEqualTo(Part.OUTRO);
        assertThat(parts.get(parts.size() - 2)).isEqualTo(Part.CHORUS);
        assertThat(parts.stream().filter(p -> p == Part.VERSE).count()).isGreaterThanOrEqualTo(2);
        assertThat(parts.stream().filter(p -> p == Part.CHORUS).count()).isGreaterThanOrEqualTo(2);
        assertThat(parts).contains(Part.BRIDGE);
        for (int i = 1; i < sections.size(); i++) { // one after the other, no gap
          assertThat(sections.get(i).firstBar()).isEqualTo(sections.get(i - 1).firstBar() + sections.get(i - 1).bars());
        }
        Section last = sections.get(sections.size() - 1);
        double barSeconds = 4 * 60 / song.bpm();
        double musicSeconds = (last.firstBar() + last.bars()) * barSeconds;
        assertThat(musicSeconds).isBetween(durationMs / 1000.0 - 2.5 - 2 * barSeconds, durationMs / 1000.0);
        assertThat(song.notes()).allSatisfy(n -> assertThat(n.end()).isLessThanOrEqualTo(song.frames()));
      }
    }
  }

  @Test
  void theChordsChangeTheMelodyMovesAndTheChorusIsNotTheVerse() {
    Composition song = FullLengthMasters.compose(7, 240_000, "rock");

    assertThat(distinctPitches(song, Voice.BASS)).hasSizeGreaterThanOrEqualTo(4); // chord roots (and fifths)
    assertThat(distinctPitches(song, Voice.LEAD)).hasSizeGreaterThanOrEqualTo(7);
    assertThat(song.notes()).anySatisfy(n -> assertThat(n.voice()).isEqualTo(Voice.KICK));
    Section verse = first(song, Part.VERSE);
    Section chorus = first(song, Part.CHORUS);
    assertThat(chordRoots(song, chorus)).isNotEqualTo(chordRoots(song, verse));
    assertThat(leadPitches(song, chorus)).isNotEqualTo(leadPitches(song, verse));

    Composition ambient = FullLengthMasters.compose(7, 240_000, "ambient");
    assertThat(ambient.notes()).noneSatisfy(n -> assertThat(n.voice()).isIn(Voice.KICK, Voice.SNARE));
    assertThat(distinctPitches(ambient, Voice.PLUCK)).hasSizeGreaterThanOrEqualTo(6); // an arpeggio instead
  }

  private static Section first(Composition song, Part part) {
    return song.sections().stream().filter(s -> s.part() == part).findFirst().orElseThrow();
  }

  private static Set<Long> distinctPitches(Composition song, Voice voice) {
    return song.notes().stream().filter(n -> n.voice() == voice).map(n -> Math.round(n.hz() * 100))
        .collect(Collectors.toSet());
  }

  private static List<Long> notesIn(Composition song, Section section, Voice voice) {
    double barFrames = 4 * 60 / song.bpm() * RATE;
    double from = section.firstBar() * barFrames;
    double to = (section.firstBar() + section.bars()) * barFrames;
    List<Long> pitches = new ArrayList<>();
    for (Note n : song.notes()) {
      if (n.voice() == voice && n.start() >= from - 1 && n.start() < to - 1) {
        pitches.add(Math.round(n.hz() * 100));
      }
    }
    return pitches;
  }

  /** The bass's first note of each bar: the chord's root. */
  private static List<Long> chordRoots(Composition song, Section section) {
    double barFrames = 4 * 60 / song.bpm() * RATE;
    List<Long> roots = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      long start = Math.round((section.firstBar() + b) * barFrames);
      song.notes().stream().filter(n -> n.voice() == Voice.BASS && Math.abs(n.start() - start) <= 1).findFirst()
          .ifPresent(n -> roots.add(Math.round(n.hz() * 100)));
    }
    assertThat(roots).hasSize(4);
    return roots;
  }

  private static List<Long> leadPitches(Composition song, Section section) {
    return notesIn(song, section, Voice.LEAD);
  }

  private static String sha256(long seed, int durationMs, String genre) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
      FullLengthMasters.write(seed, durationMs, genre, null, out);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The RMS of both channels over consecutive windows of {@code frames} frames (a last partial one dropped). */
  static List<Double> windowRms(Path wav, int frames) throws IOException {
    List<Double> rms = new ArrayList<>();
    try (InputStream file = Files.newInputStream(wav);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(file, 1 << 16))) {
      in.skipNBytes(44);
      byte[] window = new byte[frames * 4];
      while (true) {
        try {
          in.readFully(window);
        } catch (java.io.EOFException e) {
          return rms;
        }
        double sum = 0;
        for (int i = 0; i < window.length; i += 2) {
          double s = (short) ((window[i] & 0xff) | (window[i + 1] << 8)) / 32768.0;
          sum += s * s;
        }
        rms.add(Math.sqrt(sum / (window.length / 2)));
      }
    }
  }
}
