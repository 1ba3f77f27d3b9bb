package io.harmonia.system.plays;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.pipelines.plays.PlayQualification;
import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of plays through the API, as listeners' apps send them while the platform is
 * being hurt: one at a time and, every tenth time, a batch of five — backdated plays without a
 * play_id (stored with {@code no-play-id}, never paid) that give the stream its volume. Besides,
 * each listener listens for real: a playback started with {@code POST /songs/{id}/play}, its play
 * reported (with the play_id) once it has been heard, then the next playback, end to end — 30–45 s
 * each, every fourth a skip under 30 s ({@code too-short}). Those are the royalty-bearing plays:
 * each qualified one must be paid exactly once, whatever the faults.
 *
 * <p>An event answered 503 is kept and sent again later with the same event id, the way a client
 * must; {@link #finish} sends every kept event until the API accepts it. The stream records what it
 * saw: the accepted events (each once, with the verdict each must get), the 503s and whether each
 * carried Retry-After, and anything unexpected.
 */
public final class PlayStream implements AutoCloseable {

  private final ApiClient api;
  private final List<Account> listeners;
  private final List<Catalog.Song> songs;
  private final long pauseNanos;
  private final Random random = new Random(7);
  private final List<Play> accepted = Collections.synchronizedList(new ArrayList<>());
  private final List<Play> toResend = Collections.synchronizedList(new ArrayList<>());
  private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger unavailable = new AtomicInteger();
  private final AtomicInteger unavailableWithoutRetryAfter = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<String, Play> listening = new HashMap<>();
  private final AtomicInteger playbacks = new AtomicInteger();
  private final Thread thread;
  private volatile Duration slowest503 = Duration.ZERO;

  public PlayStream(ApiClient api, List<Account> listeners, List<Catalog.Song> songs, int requestsPerSecond) {
    this.api = api;
    this.listeners = listeners;
    this.songs = songs;
    this.pauseNanos = 1_000_000_000L / requestsPerSecond;
    for (Account listener : listeners) {
      listening.put(listener.userId(), nextPlayback(listener, Instant.EPOCH));
    }
    this.thread = new Thread(this::run, "play-stream");
    thread.start();
  }

  private void run() {
    int sent = 0;
    long next = System.nanoTime();
    while (running.get()) {
      reportWhatWasHeard();
      Account listener = listeners.get(sent % listeners.size());
      if (sent % 10 == 9) {
        List<Play> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          batch.add(newPlay(listener));
        }
        sendBatch(listener, batch);
      } else {
        send(listener, newPlay(listener));
      }
      sent++;
      next += pauseNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        sleepNanos(wait);
      } else {
        next = System.nanoTime(); // a slow answer (an outage) does not turn into a burst afterwards
      }
    }
  }

  /** Each listener's playback that has ended: its play is reported, and the next playback starts. */
  private void reportWhatWasHeard() {
    for (Account listener : listeners) {
      Play play = listening.get(listener.userId());
      if (play != null && Instant.now().isAfter(Playbacks.heardAt(play))) {
        send(listener, play);
        listening.put(listener.userId(), nextPlayback(listener, Playbacks.heardAt(play)));
      } else if (play == null) {
        listening.put(listener.userId(), nextPlayback(listener, Instant.EPOCH));
      }
    }
  }

  /** A new playback of a random song, starting when the last one ended (or when the API answered, if later); null if /play failed. */
  private Play nextPlayback(Account listener, Instant lastEnded) {
    Catalog.Song song = songs.get(random.nextInt(songs.size()));
    Playbacks.Playback playback;
    try {
      playback = Playbacks.start(api, listener, song);
    } catch (RuntimeException e) {
      unexpected.add("playback: " + e);
      return null;
    }
    Instant answered = Playbacks.nextMilli(playback.answeredAt());
    Instant start = lastEnded.isAfter(answered) ? lastEnded : answered;
    boolean skip = playbacks.incrementAndGet() % 4 == 0;
    long duration = skip ? 5_000 + random.nextInt(24_000) : 30_000 + random.nextInt(15_001);
    return new Play(UUID.randomUUID().toString(), listener.userId(), "PREMIUM", song.songId(), duration,
        playback.bitrate(), start, playback.playId(), skip ? PlayQualification.TOO_SHORT : null);
  }

  private Play newPlay(Account listener) {
    long duration = random.nextInt(4) == 0 ? 5_000 + random.nextInt(24_000) : 30_000 + random.nextInt(200_000);
    Instant playedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(300 + random.nextInt(3000));
    return new Play(UUID.randomUUID().toString(), listener.userId(), "PREMIUM",
        songs.get(random.nextInt(songs.size())).songId(), duration, new int[] {128, 256, 320}[random.nextInt(3)], playedAt);
  }

  private boolean send(Account listener, Play play) {
    Response r;
    try {
      r = api.postPlay(listener, play.body());
    } catch (RuntimeException e) {
      unexpected.add("request failed: " + e);
      toResend.add(play);
      return false;
    }
    if (r.status() == 202) {
      accepted.add(play);
      return true;
    }
    if (r.status() == 503) {
      noteUnavailable(r);
      toResend.add(play);
    } else {
      unexpected.add(r.status() + " " + r.body());
    }
    return false;
  }

  private void sendBatch(Account listener, List<Play> batch) {
    Response r;
    try {
      r = api.postPlays(listener, batch.stream().map(Play::body).toList());
    } catch (RuntimeException e) {
      unexpected.add("request failed: " + e);
      toResend.addAll(batch);
      return;
    }
    if (r.status() != 200 && r.status() != 503 || r.body() == null || !r.body().has("results")) {
      unexpected.add("batch: " + r.status() + " " + r.body());
      toResend.addAll(batch);
      return;
    }
    if (r.status() == 503) {
      noteUnavailable(r);
    }
    for (JsonNode result : r.body().get("results")) {
      Play play = batch.get(result.get("index").asInt());
      switch (result.get("status").asText()) {
        case "accepted" -> accepted.add(play);
        case "unavailable" -> toResend.add(play);
        default -> unexpected.add("batch event " + result);
      }
    }
  }

  private void noteUnavailable(Response r) {
    unavailable.incrementAndGet();
    if (r.retryAfter() == null) {
      unavailableWithoutRetryAfter.incrementAndGet();
    }
    if (r.took().compareTo(slowest503) > 0) {
      slowest503 = r.took();
    }
  }

  /** Stops the stream, then sends every event answered 503 until the API accepts it (or the deadline passes). */
  public void finish(Duration deadline) {
    stop();
    long end = System.nanoTime() + deadline.toNanos();
    while (!toResend.isEmpty() && System.nanoTime() < end) {
      List<Play> again = new ArrayList<>(toResend);
      toResend.clear();
      for (Play play : again) {
        if (!send(listenerOf(play), play)) {
          sleepNanos(200_000_000L); // the API said 503: not back yet
        }
      }
    }
  }

  public void stop() {
    running.set(false);
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Account listenerOf(Play play) {
    return listeners.stream().filter(l -> l.userId().equals(play.userId())).findFirst().orElseThrow();
  }

  public List<Play> accepted() {
    return List.copyOf(accepted);
  }

  public int acceptedCount() {
    return accepted.size();
  }

  /** The accepted plays that must be paid (the royalty-bearing plays that are not skips). */
  public long qualifiedAcceptedCount() {
    synchronized (accepted) {
      return accepted.stream().filter(Play::qualified).count();
    }
  }

  public List<Play> notAccepted() {
    return List.copyOf(toResend);
  }

  public int unavailableAnswers() {
    return unavailable.get();
  }

  public int unavailableWithoutRetryAfter() {
    return unavailableWithoutRetryAfter.get();
  }

  public Duration slowest503() {
    return slowest503;
  }

  public List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
