package io.harmonia.system.reco;

import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.plays.Catalog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Listeners with obvious tastes, reporting their plays through the API: each belongs to a community
 * of songs and plays some of them (the community's first songs are its hits, played more often),
 * plus one skip (under 30 s) of another community's song. Popularity alone cannot tell the
 * communities apart; a collaborative model can — so a working job beats its baseline here.
 */
public final class TasteListeners {

  private TasteListeners() {}

  /** A listener and the songs they played for real (at least 30 s), which Discover Weekly must avoid. */
  public record Listener(Account account, Set<String> played) {}

  /**
   * Signs up {@code count} listeners and posts their plays (one batch each, every event accepted),
   * played on days from {@code firstDay} to {@code firstDay + days - 1}.
   */
  public static List<Listener> send(ApiClient client, List<List<Catalog.Song>> communities, int count, int songsEach,
      LocalDate firstDay, int days, Random random) {
    List<Listener> listeners = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      Account account = client.signUp(n % 2 == 0 ? "PREMIUM" : "FREE");
      List<Catalog.Song> community = communities.get(n % communities.size());
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < community.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, random);
      Set<String> played = new HashSet<>();
      List<Map<String, Object>> events = new ArrayList<>();
      for (int i : order.subList(0, songsEach)) {
        String song = community.get(i).songId();
        played.add(song);
        int plays = 1 + random.nextInt(3) + (i < 3 ? 4 : 0);
        for (int p = 0; p < plays; p++) {
          events.add(event(song, 31_000 + random.nextInt(200_000), firstDay, days, random));
        }
      }
      List<Catalog.Song> elsewhere = communities.get((n + 1) % communities.size());
      events.add(event(elsewhere.get(random.nextInt(elsewhere.size())).songId(), 5_000, firstDay, days, random));
      ApiClient.Response response = client.postPlays(account, events);
      if (response.status() != 200 || response.body().get("accepted").asInt() != events.size()) {
        throw new IllegalStateException("plays of " + account.userId() + " not all accepted: " + response);
      }
      listeners.add(new Listener(account, played));
    }
    return listeners;
  }

  private static Map<String, Object> event(String songId, int durationMs, LocalDate firstDay, int days, Random random) {
    Instant playedAt = firstDay.plusDays(random.nextInt(days)).atStartOfDay().toInstant(ZoneOffset.UTC)
        .plusSeconds(random.nextInt(80_000));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event_id", UUID.randomUUID().toString());
    event.put("song_id", songId);
    event.put("duration_ms", durationMs);
    event.put("bitrate", 320);
    event.put("played_at", playedAt.toString());
    return event;
  }
}
