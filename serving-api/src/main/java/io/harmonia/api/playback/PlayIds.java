package io.harmonia.api.playback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import io.harmonia.api.auth.HmacSha256;

/**
 * The {@code play_id} that {@code POST /songs/{id}/play} hands out with a stream URL: proof that the
 * API started this playback, for this user and this song, at this time. A play event carries it
 * back; the API checks the signature at intake and tells the pipeline what it vouches for (the
 * event's {@code play_check}, {@code play_issued_at}, {@code song_duration_ms}), and the pipeline
 * decides from that whether the play is paid.
 *
 * <p>Shape (opaque to clients): {@code p1.<b64(user)>.<b64(song)>.<issued ms>.<song ms>.<b64(mac)>}
 * with {@code mac = HMAC-SHA256(key, "p1." + the four fields joined by ".")}, truncated to 16 bytes.
 * Nothing in it is secret; everything in it is bound by the signature.
 */
public final class PlayIds {

  private static final String VERSION = "p1";
  private static final int MAC_BYTES = 16;
  private static final int MAX_LENGTH = 512;
  private static final Pattern SHAPE = Pattern.compile("p1\\.[A-Za-z0-9_-]{1,120}\\.[A-Za-z0-9_-]{1,120}\\.[0-9]{1,15}\\.[0-9]{1,9}\\.[A-Za-z0-9_-]{22}");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final HmacSha256 hmac;

  public PlayIds(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the play_id key must be at least 32 bytes");
    }
    this.hmac = new HmacSha256(key);
  }

  /** A key for play ids derived from another secret (the token secret) when none is configured. */
  public static byte[] derivedKey(String secret) {
    return new HmacSha256(secret.getBytes(StandardCharsets.UTF_8))
        .mac("harmonia play_id key v1".getBytes(StandardCharsets.UTF_8));
  }

  public String issue(String userId, String songId, Instant issuedAt, int songDurationMs) {
    String body = VERSION + "." + b64(userId) + "." + b64(songId) + "." + issuedAt.toEpochMilli() + "." + songDurationMs;
    return body + "." + B64.encodeToString(mac(body));
  }

  /** What a play_id says, once its signature checked out. */
  public record Claims(String userId, String songId, Instant issuedAt, int songDurationMs) {}

  /** What a play event's play_id vouches for, against the event's user and song. */
  public sealed interface Check permits Valid, Refused {
    String name();
  }

  public record Valid(Claims claims) implements Check {
    @Override
    public String name() {
      return "valid";
    }
  }

  /** {@code missing}, {@code invalid}, {@code other-user} or {@code other-song}. */
  public record Refused(String name) implements Check {}

  public Check check(String playId, String userId, String songId) {
    if (playId == null) {
      return new Refused("missing");
    }
    Claims claims = verify(playId);
    if (claims == null) {
      return new Refused("invalid");
    }
    if (!claims.userId().equals(userId)) {
      return new Refused("other-user");
    }
    if (!claims.songId().equals(songId)) {
      return new Refused("other-song");
    }
    return new Valid(claims);
  }

  /** The claims of a play_id this API signed, or null. */
  Claims verify(String playId) {
    if (playId.length() > MAX_LENGTH || !SHAPE.matcher(playId).matches()) {
      return null;
    }
    int cut = playId.lastIndexOf('.');
    byte[] presented = B64D.decode(playId.substring(cut + 1));
    if (!MessageDigest.isEqual(presented, mac(playId.substring(0, cut)))) {
      return null;
    }
    String[] parts = playId.split("\\.");
    try {
      return new Claims(unb64(parts[1]), unb64(parts[2]), Instant.ofEpochMilli(Long.parseLong(parts[3])),
          Integer.parseInt(parts[4]));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private byte[] mac(String body) {
    byte[] full = hmac.mac(body.getBytes(StandardCharsets.UTF_8));
    byte[] truncated = new byte[MAC_BYTES];
    System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
    return truncated;
  }

  private static String b64(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String unb64(String text) {
    return new String(B64D.decode(text), StandardCharsets.UTF_8);
  }
}
