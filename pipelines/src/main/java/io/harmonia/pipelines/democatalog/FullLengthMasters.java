package io.harmonia.pipelines.democatalog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Full-length generated masters for the demo catalog (three to five minutes): a song with a form —
 * intro, verses and choruses, a bridge, a last chorus that may change key, an outro — a chord
 * progression for each kind of part, a melody made of a two-bar motif that every part repeats and
 * varies, a bass line, sustained chords, an arpeggio, and drums for the genres that have them.
 *
 * <p>{@link #compose} turns the seed into notes; {@link #write} renders them chunk by chunk
 * ({@link #CHUNK_FRAMES} frames at a time) straight into the WAV stream, so memory stays at one
 * chunk's size whatever the song's length. Every sample is a function of the note and its offset
 * (wavetables and an exponential table built with {@link StrictMath}, a hashed noise): the same seed
 * gives the same bytes on every JVM, whatever the chunk size.
 */
final class FullLengthMasters {

  static final int SAMPLE_RATE = DemoMasters.SAMPLE_RATE;
  static final int CHUNK_FRAMES = 1 << 14; // 0.37 s
  private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
  private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};
  private static final Set<String> MINOR_GENRES = Set.of("metal", "blues", "ambient", "classical", "soul");
  private static final Set<String> NO_DRUMS = Set.of("ambient", "classical");
  /** the last seconds: the last chord rings out and the whole mix fades */
  private static final double RING_OUT_SECONDS = 2.5;
  private static final double FADE_OUT_SECONDS = 6;

  /** Progressions as scale degrees of the chords' roots, one chord a bar. */
  private static final int[][] MAJOR_VERSES = {{0, 5, 3, 4}, {0, 3, 0, 4}, {0, 4, 5, 3}, {1, 4, 0, 0}, {0, 2, 3, 4}};
  private static final int[][] MAJOR_CHORUSES = {{3, 4, 0, 5}, {0, 4, 5, 3}, {5, 3, 0, 4}, {3, 0, 4, 4}};
  private static final int[][] MINOR_VERSES = {{0, 5, 2, 6}, {0, 3, 4, 0}, {0, 6, 5, 6}, {0, 3, 6, 2}};
  private static final int[][] MINOR_CHORUSES = {{5, 6, 0, 0}, {2, 6, 0, 4}, {5, 2, 6, 0}, {3, 6, 2, 5}};
  private static final int[][] BRIDGES = {{3, 4, 5, 4}, {5, 3, 4, 4}, {3, 0, 4, 5}, {1, 3, 4, 4}};

  /** The parts of a song's form. */
  enum Part { INTRO, VERSE, CHORUS, BRIDGE, OUTRO }

  /** A part of the form: its bars, and the semitones it is transposed by (a last chorus may go up). */
  record Section(Part part, int firstBar, int bars, int transpose) {}

  /** A note (or a drum hit): frames from the start of the song, its voice, pitch, level and pan. */
  record Note(int start, int length, Voice voice, double hz, float gain, float pan, int noiseSeed) {
    int end() {
      return start + length;
    }
  }

  /** A composed song: the form, and every note sorted by start. */
  record Composition(int frames, double bpm, boolean minor, List<Section> sections, List<Note> notes) {}

  private FullLengthMasters() {}

  /** Writes a full-length master as 44.1 kHz stereo 16-bit WAV. {@code speech}: mono samples, or null. */
  static void write(long seed, int durationMs, String genre, float[] speech, OutputStream out) throws IOException {
    Composition song = compose(seed, durationMs, genre);
    int frames = song.frames();
    out.write(DemoMasters.wavHeader(frames));
    List<Note> notes = song.notes();
    List<Note> active = new ArrayList<>();
    float[] left = new float[CHUNK_FRAMES];
    float[] right = new float[CHUNK_FRAMES];
    ByteBuffer pcm = ByteBuffer.allocate(CHUNK_FRAMES * 4).order(ByteOrder.LITTLE_ENDIAN);
    int next = 0;
    for (int chunk = 0; chunk < frames; chunk += CHUNK_FRAMES) {
      int end = Math.min(frames, chunk + CHUNK_FRAMES);
      int n = end - chunk;
      java.util.Arrays.fill(left, 0, n, 0f);
      java.util.Arrays.fill(right, 0, n, 0f);
      while (next < notes.size() && notes.get(next).start() < end) {
        active.add(notes.get(next++));
      }
      for (Note note : active) {
        int from = Math.max(note.start(), chunk);
        int to = Math.min(note.end(), end);
        double l = note.gain() * (1 - note.pan()) * 2;
        double r = note.gain() * note.pan() * 2;
        for (int i = from; i < to; i++) {
          double s = note.voice().sample(note, i - note.start());
          left[i - chunk] += (float) (s * l);
          right[i - chunk] += (float) (s * r);
        }
      }
      final int chunkEnd = end;
      active.removeIf(note -> note.end() <= chunkEnd);
      pcm.clear();
      for (int i = 0; i < n; i++) {
        int frame = chunk + i;
        double master = masterGain(frame, frames);
        double voice = 0;
        if (speech != null) {
          int start = SAMPLE_RATE / 4;
          boolean speaking = frame >= start - SAMPLE_RATE / 10 && frame < start + speech.length + SAMPLE_RATE / 10;
          master *= speaking ? 0.35 : 1; // the music steps back while the title is spoken
          voice = frame >= start && frame < start + speech.length ? 0.9 * speech[frame - start] : 0;
        }
        pcm.putShort(DemoMasters.pcm((float) (softClip(left[i] * master) + voice)));
        pcm.putShort(DemoMasters.pcm((float) (softClip(right[i] * master) + voice)));
      }
      out.write(pcm.array(), 0, n * 4);
    }
  }

  /** A short fade in, a long fade out at the end. */
  private static double masterGain(int frame, int frames) {
    double in = Math.min(1.0, frame / (0.02 * SAMPLE_RATE));
    double fromEnd = (frames - frame) / (double) SAMPLE_RATE;
    double out = Math.min(1.0, fromEnd / FADE_OUT_SECONDS);
    return 0.8 * in * out * out;
  }

  /** Linear below 0.7, then bending smoothly towards 1: a loud moment never wraps around. */
  private static double softClip(double x) {
    double a = Math.abs(x);
    if (a <= 0.7) {
      return x;
    }
    double bent = 0.7 + 0.3 * (1 - 1 / (1 + (a - 0.7) / 0.3));
    return Math.copySign(bent, x);
  }

  // --- composition ------------------------------------------------------------------------------------

  /** The song a seed makes: the same seed, duration and genre give the same notes. */
  static Composition compose(long seed, int durationMs, String genre) {
    Random random = new Random(seed);
    int frames = (int) ((long) durationMs * SAMPLE_RATE / 1000);
    boolean minor = MINOR_GENRES.contains(genre) || random.nextBoolean();
    int[] scale = minor ? MINOR : MAJOR;
    int tonic = 40 + random.nextInt(9); // the bass's tonic: E2..C3
    double bpm = tempo(genre, random);
    double beatSeconds = 60.0 / bpm;
    double barSeconds = 4 * beatSeconds;
    int totalBars = Math.max(8, (int) ((frames / (double) SAMPLE_RATE - RING_OUT_SECONDS) / barSeconds));
    List<Section> sections = form(totalBars, random);

    int[] verse = pick(random, minor ? MINOR_VERSES : MAJOR_VERSES);
    int[] chorus = pick(random, minor ? MINOR_CHORUSES : MAJOR_CHORUSES);
    if (java.util.Arrays.equals(verse, chorus)) { // the chorus must sound like a change
      chorus = new int[] {chorus[2], chorus[3], chorus[0], chorus[1]};
    }
    int[] bridge = pick(random, BRIDGES);
    Motif verseMotif = Motif.make(random, 0.45);
    Motif chorusMotif = Motif.make(random, 0.6);
    Motif bridgeMotif = Motif.make(random, 0.3);
    Voice lead = genre.equals("electronic") || genre.equals("hip-hop") ? Voice.SQUARE_LEAD : Voice.LEAD;
    boolean drums = !NO_DRUMS.contains(genre);
    int[] kicks = kickPattern(genre, random);

    Notes notes = new Notes(frames, beatSeconds);
    int[] repetitions = new int[Part.values().length];
    for (Section section : sections) {
      int repetition = repetitions[section.part().ordinal()]++;
      Random variation = new Random(seed * 31 + section.part().ordinal() * 1009L + repetition);
      int[] progression = switch (section.part()) {
        case VERSE -> verse;
        case CHORUS, OUTRO -> chorus;
        case BRIDGE -> bridge;
        case INTRO -> verse;
      };
      Motif motif = switch (section.part()) {
        case VERSE -> verseMotif.varied(variation, repetition);
        case CHORUS -> chorusMotif.varied(variation, repetition);
        case BRIDGE -> bridgeMotif.varied(variation, repetition);
        default -> null;
      };
      float level = switch (section.part()) {
        case INTRO -> 0.75f;
        case VERSE -> 0.8f;
        case CHORUS -> 1.0f;
        case BRIDGE -> 0.75f;
        case OUTRO -> 0.8f;
      };
      int key = tonic + section.transpose();
      for (int b = 0; b < section.bars(); b++) {
        int bar = section.firstBar() + b;
        boolean lastBarOfSong = section.part() == Part.OUTRO && b == section.bars() - 1;
        int degree = lastBarOfSong ? 0 : progression[b % progression.length];
        double barStart = bar * 4.0; // in beats
        // sustained chords: the last one rings out to the end of the song
        double chordBeats = lastBarOfSong ? 4 + RING_OUT_SECONDS / beatSeconds : 4.1;
        for (int k = 0; k < 3; k++) {
          int midi = key + 12 + pitch(scale, degree + 2 * k);
          notes.add(barStart, chordBeats, Voice.PAD, midi, 0.055f * level, 0.3f + 0.2f * k);
        }
        bass(notes, section.part(), b, barStart, key + pitch(scale, degree), level, lastBarOfSong);
        boolean arpeggio = !drums || section.part() == Part.CHORUS || section.part() == Part.BRIDGE;
        if (arpeggio && !lastBarOfSong && !(section.part() == Part.INTRO && b < 2)) {
          int[] order = {0, 2, 4, 7, 4, 2, 0, 2};
          for (int e = 0; e < 8; e++) {
            int midi = key + 24 + pitch(scale, degree + order[e]);
            notes.add(barStart + e * 0.5, 0.9, Voice.PLUCK, midi, 0.07f * level, 0.3f);
          }
        }
        if (motif != null) {
          melody(notes, motif, b, section.bars(), barStart, key + 24, scale, degree, lead, level,
              section.part() == Part.CHORUS && repetition > 0);
        }
        if (drums) {
          drums(notes, section, b, barStart, kicks, genre, level);
        }
      }
    }
    List<Note> sorted = new ArrayList<>(notes.list);
    sorted.sort(Comparator.comparingInt(Note::start));
    return new Composition(frames, bpm, minor, List.copyOf(sections), List.copyOf(sorted));
  }

  /**
   * The form: a four-bar intro, then eight-bar parts — verses and choruses in turn, a bridge, and the
   * last chorus (doubled in a longer song; a long song has a bridge half-way too) — and an outro of
   * four to eleven bars. The choruses after the last bridge go up a tone half of the time.
   */
  static List<Section> form(int totalBars, Random random) {
    int middle = Math.max(4, (totalBars - 8) / 8);
    int tail = middle >= 8 ? 3 : 2;
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < middle - tail; i++) {
      parts.add(i % 2 == 0 ? Part.VERSE : Part.CHORUS);
    }
    if (middle >= 12) { // a bridge after a chorus half-way through
      parts.set(((middle - tail) / 2) & ~1, Part.BRIDGE);
    }
    parts.add(Part.BRIDGE);
    parts.add(Part.CHORUS);
    if (tail == 3) {
      parts.add(Part.CHORUS);
    }
    int lastBridge = parts.lastIndexOf(Part.BRIDGE);
    int lift = random.nextBoolean() ? 2 : 0;
    List<Section> sections = new ArrayList<>();
    sections.add(new Section(Part.INTRO, 0, 4, 0));
    int bar = 4;
    for (int i = 0; i < parts.size(); i++) {
      int transpose = lastBridge >= 0 && i > lastBridge && parts.get(i) == Part.CHORUS ? lift : 0;
      sections.add(new Section(parts.get(i), bar, 8, transpose));
      bar += 8;
    }
    sections.add(new Section(Part.OUTRO, bar, Math.max(4, totalBars - bar), 0));
    return sections;
  }

  private static double tempo(String genre, Random random) {
    return switch (genre) {
      case "ambient" -> 68 + random.nextInt(16);
      case "classical" -> 76 + random.nextInt(24);
      case "hip-hop", "reggae" -> 82 + random.nextInt(14);
      case "electronic" -> 118 + random.nextInt(12);
      case "metal" -> 132 + random.nextInt(20);
      case "rock", "pop" -> 104 + random.nextInt(28);
      default -> 88 + random.nextInt(34);
    };
  }

  private static int[] kickPattern(String genre, Random random) {
    return switch (genre) {
      case "electronic" -> new int[] {0, 4, 8, 12};
      case "hip-hop" -> new int[] {0, 7, 10};
      case "reggae" -> new int[] {8};
      default -> random.nextBoolean() ? new int[] {0, 8, 10} : new int[] {0, 6, 8};
    };
  }

  private static int[] pick(Random random, int[][] choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** A scale degree (any integer) as semitones above the tonic. */
  private static int pitch(int[] scale, int degree) {
    return 12 * Math.floorDiv(degree, 7) + scale[Math.floorMod(degree, 7)];
  }

  private static void bass(Notes notes, Part part, int bar, double start, int root, float level, boolean last) {
    float gain = 0.26f * level;
    if (last || part == Part.OUTRO || (part == Part.INTRO && bar >= 2) || part == Part.BRIDGE) {
      notes.add(start, last ? 6 : 4, Voice.BASS, root, gain, 0.5f);
    } else if (part == Part.VERSE) {
      notes.add(start, 2, Voice.BASS, root, gain, 0.5f);
      notes.add(start + 2, 1.5, Voice.BASS, root, gain, 0.5f);
      notes.add(start + 3.5, 0.5, Voice.BASS, root + 7, gain * 0.8f, 0.5f);
    } else if (part == Part.CHORUS) {
      int[] steps = {0, 0, 7, 0, 12, 0, 7, 0};
      for (int e = 0; e < 8; e++) {
        notes.add(start + e * 0.5, 0.5, Voice.BASS, root + steps[e], gain * (e % 2 == 0 ? 1f : 0.75f), 0.5f);
      }
    }
  }

  private static void melody(Notes notes, Motif motif, int bar, int bars, double start, int base, int[] scale,
      int degree, Voice lead, float level, boolean doubled) {
    boolean cadence = bar == bars - 1;
    if (cadence) { // the phrase ends on the chord's root, held
      notes.add(start, 3, lead, base + pitch(scale, degree), 0.2f * level, 0.5f);
      return;
    }
    int half = bar % 2; // the motif spans two bars
    boolean answer = bar % 4 >= 2; // the second two bars answer the first: their last note moves
    for (Motif.Step step : motif.steps()) {
      if (step.slot() / 8 != half) {
        continue;
      }
      int offset = step.offset();
      if (answer && step == motif.steps().get(motif.steps().size() - 1)) {
        offset = offset >= 2 ? offset - 2 : offset + 2;
      }
      double beat = start + (step.slot() % 8) * 0.5;
      int midi = base + pitch(scale, degree + offset);
      notes.add(beat, step.slots() * 0.5, lead, midi, 0.2f * level, 0.45f + 0.1f * (step.slot() % 2));
      if (doubled) {
        notes.add(beat, step.slots() * 0.5, Voice.PLUCK, midi - 12, 0.08f * level, 0.6f);
      }
    }
  }

  private static void drums(Notes notes, Section section, int bar, double start, int[] kicks, String genre,
      float level) {
    Part part = section.part();
    boolean fill = bar == section.bars() - 1 && part != Part.INTRO && part != Part.OUTRO;
    boolean ending = part == Part.OUTRO && bar >= section.bars() - 2;
    if (ending) {
      if (bar == section.bars() - 2) {
        notes.hit(start, Voice.KICK, 0.5f * level);
        notes.hit(start, Voice.OPEN_HAT, 0.1f * level);
      }
      return;
    }
    if (part == Part.INTRO) {
      for (int s = 0; s < 16; s += 2) {
        notes.hit(start + s * 0.25, Voice.HAT, (s % 4 == 0 ? 0.08f : 0.05f) * level);
      }
      if (bar == section.bars() - 1) {
        for (int s = 12; s < 16; s++) {
          notes.hit(start + s * 0.25, Voice.SNARE, (0.1f + 0.03f * (s - 12)) * level);
        }
      }
      return;
    }
    if (part == Part.BRIDGE) { // half time
      notes.hit(start, Voice.KICK, 0.45f * level);
      notes.hit(start + 2, Voice.SNARE, 0.24f * level);
      for (int s = 0; s < 16; s += 4) {
        notes.hit(start + s * 0.25, Voice.HAT, 0.06f * level);
      }
    } else {
      for (int s : kicks) {
        notes.hit(start + s * 0.25, Voice.KICK, 0.45f * level);
      }
      boolean oneDrop = genre.equals("reggae");
      for (int s : oneDrop ? new int[] {8} : new int[] {4, 12}) {
        if (!(fill && s == 12)) {
          notes.hit(start + s * 0.25, Voice.SNARE, 0.25f * level);
        }
      }
      int step = part == Part.CHORUS ? 1 : 2;
      for (int s = 0; s < 16; s += step) {
        boolean open = part == Part.CHORUS && s % 4 == 2;
        notes.hit(start + s * 0.25, open ? Voice.OPEN_HAT : Voice.HAT, (s % 4 == 0 ? 0.08f : 0.055f) * level);
      }
    }
    if (bar == 0 && part == Part.CHORUS) { // a crash where the chorus comes in
      notes.hit(start, Voice.OPEN_HAT, 0.12f * level);
    }
    if (fill) {
      for (int s = 12; s < 16; s++) {
        notes.hit(start + s * 0.25, Voice.SNARE, (0.14f + 0.03f * (s - 12)) * level);
      }
    }
  }

  /** A two-bar melodic idea: onsets on an eighth-note grid, offsets in scale steps from the chord's root. */
  record Motif(List<Step> steps) {

    record Step(int slot, int slots, int offset) {}

    static Motif make(Random random, double density) {
      List<Integer> onsets = new ArrayList<>();
      onsets.add(0);
      for (int s = 1; s < 15; s++) {
        double chance = density + (s % 2 == 0 ? 0.15 : -0.1);
        if (random.nextDouble() < chance) {
          onsets.add(s);
        }
      }
      List<Step> steps = new ArrayList<>();
      int offset = 2 * random.nextInt(3); // a chord tone: root, third or fifth
      for (int i = 0; i < onsets.size(); i++) {
        int slot = onsets.get(i);
        int next = i + 1 < onsets.size() ? onsets.get(i + 1) : 16;
        int length = Math.max(1, Math.min(next - slot, i + 1 < onsets.size() ? 4 : 3));
        if (i > 0) {
          offset += random.nextInt(5) - 2;
          if (slot % 4 == 0) { // strong beats land on chord tones
            offset = 2 * Math.round(offset / 2f);
          }
          offset = Math.max(-3, Math.min(9, offset));
        }
        steps.add(new Step(slot, length, offset));
      }
      return new Motif(List.copyOf(steps));
    }

    /** The same motif with a note or two moved: every repetition after the first differs a little. */
    Motif varied(Random random, int repetition) {
      if (repetition == 0) {
        return this;
      }
      List<Step> changed = new ArrayList<>(steps);
      for (int k = 0; k < 2; k++) {
        int i = random.nextInt(changed.size());
        Step s = changed.get(i);
        int offset = Math.max(-3, Math.min(9, s.offset() + (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(2))));
        changed.set(i, new Step(s.slot(), s.slots(), offset));
      }
      return new Motif(List.copyOf(changed));
    }
  }

  /** Collects notes, placed in beats and converted to frames. */
  private static final class Notes {
    final List<Note> list = new ArrayList<>();
    final int frames;
    final double beatSeconds;

    Notes(int frames, double beatSeconds) {
      this.frames = frames;
      this.beatSeconds = beatSeconds;
    }

    void add(double startBeat, double beats, Voice voice, int midi, float gain, float pan) {
      place(startBeat, beats * beatSeconds, voice, 440.0 * StrictMath.pow(2, (midi - 69) / 12.0), gain, pan);
    }

    void hit(double startBeat, Voice voice, float gain) {
      place(startBeat, voice.hitSeconds, voice, 0, gain, voice.pan);
    }

    private void place(double startBeat, double seconds, Voice voice, double hz, float gain, float pan) {
      int start = (int) Math.round(startBeat * beatSeconds * SAMPLE_RATE);
      int length = Math.min((int) Math.round(seconds * SAMPLE_RATE), frames - start);
      if (start < frames && length > 0) {
        list.add(new Note(start, length, voice, hz, gain, pan, list.size() * 0x9E3779B9));
      }
    }
  }

  // --- synthesis --------------------------------------------------------------------------------------

  private static final int TABLE = 4096;
  private static final float[] SINE = wavetable(1);
  private static final float[] PLUCK_TABLE = wavetable(1, 0.5, 0.25);
  private static final float[] LEAD_TABLE = wavetable(1, 0.45, 0.3, 0.18, 0.1, 0.06);
  private static final float[] SQUARE_TABLE = wavetable(1, 0, 0.33, 0, 0.2, 0, 0.14, 0, 0.11);
  private static final float[] PAD_TABLE = wavetable(1, 0.35, 0.12, 0.08);
  private static final float[] BASS_TABLE = wavetable(1, 0.6, 0.25, 0.1);
  private static final int EXP_STEPS = 256;
  private static final float[] EXP = expTable(24);

  /** How each voice sounds: a function of the note and the frames since it began. */
  enum Voice {
    LEAD(0, 0), SQUARE_LEAD(0, 0), PLUCK(0, 0), PAD(0, 0), BASS(0, 0),
    KICK(0.35, 0.5f), SNARE(0.2, 0.55f), HAT(0.05, 0.65f), OPEN_HAT(0.3, 0.65f);

    final double hitSeconds;
    final float pan;

    Voice(double hitSeconds, float pan) {
      this.hitSeconds = hitSeconds;
      this.pan = pan;
    }

    double sample(Note note, int offset) {
      double t = offset / (double) SAMPLE_RATE;
      double release = Math.min(1.0, (note.length() - offset) / (0.02 * SAMPLE_RATE)); // no click at the end
      return switch (this) {
        case LEAD -> attack(t, 0.01) * exp(1.2 * t) * release * table(LEAD_TABLE, note.hz() * t);
        case SQUARE_LEAD -> attack(t, 0.005) * exp(1.8 * t) * release * 0.8 * table(SQUARE_TABLE, note.hz() * t);
        case PLUCK -> attack(t, 0.004) * exp(4.5 * t) * release * table(PLUCK_TABLE, note.hz() * t);
        case PAD -> {
          double fadeOut = Math.min(1.0, (note.length() - offset) / (0.25 * SAMPLE_RATE));
          double swell = Math.min(1.0, t / 0.3) * fadeOut;
          yield swell * 0.5 * (table(PAD_TABLE, note.hz() * t) + table(PAD_TABLE, note.hz() * 1.004 * t));
        }
        case BASS -> attack(t, 0.006) * exp(2.2 * t) * release * table(BASS_TABLE, note.hz() * t);
        case KICK -> { // a falling sine: 150 Hz down to 48 Hz
          double phase = 48 * t + (102 / 28.0) * (1 - exp(28 * t));
          yield exp(9 * t) * release * table(SINE, phase);
        }
        case SNARE -> release * (0.7 * noise(note.noiseSeed(), offset) * exp(22 * t)
            + 0.35 * table(SINE, 185 * t) * exp(30 * t));
        case HAT -> release * 0.5 * (noise(note.noiseSeed(), offset) - noise(note.noiseSeed(), offset - 1))
            * exp(70 * t);
        case OPEN_HAT -> release * 0.5 * (noise(note.noiseSeed(), offset) - noise(note.noiseSeed(), offset - 1))
            * exp(12 * t);
      };
    }
  }

  private static double attack(double t, double seconds) {
    return Math.min(1.0, t / seconds);
  }

  /** e^-x from the table (linear between its steps), 0 past its end. */
  private static double exp(double x) {
    double position = x * EXP_STEPS;
    if (position >= EXP.length - 1) {
      return 0;
    }
    int i = (int) position;
    double fraction = position - i;
    return EXP[i] + (EXP[i + 1] - EXP[i]) * fraction;
  }

  /** One period of the table at a phase counted in cycles, linear between its points. */
  private static double table(float[] wave, double cycles) {
    double position = (cycles - Math.floor(cycles)) * TABLE;
    int i = (int) position;
    double fraction = position - i;
    return wave[i] + (wave[i + 1] - wave[i]) * fraction;
  }

  /** White noise in [-1, 1], a pure function of the note's seed and the offset. */
  private static double noise(int seed, int offset) {
    int h = seed ^ (offset * 0x85EBCA6B);
    h ^= h >>> 16;
    h *= 0x7FEB352D;
    h ^= h >>> 15;
    h *= 0x846CA68B;
    h ^= h >>> 16;
    return (h >> 8) / (double) (1 << 23);
  }

  /** One period of a sum of harmonics (amplitudes from the first), normalised to a peak of 1. */
  private static float[] wavetable(double... harmonics) {
    double[] wave = new double[TABLE + 1];
    double peak = 0;
    for (int i = 0; i <= TABLE; i++) {
      double w = 2 * StrictMath.PI * i / TABLE;
      for (int h = 0; h < harmonics.length; h++) {
        wave[i] += harmonics[h] * StrictMath.sin((h + 1) * w);
      }
      peak = Math.max(peak, Math.abs(wave[i]));
    }
    float[] out = new float[TABLE + 1];
    for (int i = 0; i <= TABLE; i++) {
      out[i] = (float) (wave[i] / peak);
    }
    out[TABLE] = out[0];
    return out;
  }

  private static float[] expTable(int upTo) {
    float[] table = new float[upTo * EXP_STEPS + 2];
    for (int i = 0; i < table.length; i++) {
      table[i] = (float) StrictMath.exp(-i / (double) EXP_STEPS);
    }
    return table;
  }
}
