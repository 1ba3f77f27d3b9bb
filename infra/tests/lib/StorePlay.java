// A test helper, run as a single source file with play-count-aggregator's classpath:
//   java -cp "$(module_classpath play-count-aggregator)" infra/tests/lib/StorePlay.java DAY HH:MM:SS USER SONG MS TIER [RECEIVED_AT]
// Stores one qualified play in Cassandra plays_by_day as the play-events pipeline does (its day, a
// bucket of its event id, qualified = true), received at RECEIVED_AT (default: now). Prints the event id.
import com.datastax.oss.driver.api.core.CqlSession;
import io.harmonia.clients.CassandraClients;
import io.harmonia.config.HarmoniaConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

public class StorePlay {
  public static void main(String[] args) {
    if (args.length < 6 || args.length > 7) {
      System.err.println("usage: StorePlay DAY HH:MM:SS USER SONG MS TIER [RECEIVED_AT]");
      System.exit(2);
    }
    LocalDate day = LocalDate.parse(args[0]);
    Instant playedAt = Instant.parse(day + "T" + args[1] + "Z");
    Instant receivedAt = args.length == 7 ? Instant.parse(args[6]) : Instant.now();
    UUID eventId = UUID.randomUUID();
    try (CqlSession session = CassandraClients.session(HarmoniaConfig.fromEnvironment())) {
      session.execute(session.prepare("INSERT INTO plays_by_day (day, bucket, event_id, user_id, song_id, played_at,"
          + " duration_ms, bitrate, subscription, received_at, qualified) VALUES (?, ?, ?, ?, ?, ?, ?, 320, ?, ?, true)")
          .bind(day, Math.floorMod(eventId.hashCode(), 16), eventId, args[2], args[3], playedAt,
              Integer.parseInt(args[4]), args[5], receivedAt));
    }
    System.out.println(eventId);
  }
}
