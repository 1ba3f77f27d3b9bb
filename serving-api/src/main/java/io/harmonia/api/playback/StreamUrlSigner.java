package io.harmonia.api.playback;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import io.harmonia.api.auth.HmacSha256;

/**
 * Pre-signed edge URLs, in the scheme the edge verifies:
 * {@code {edge}/{object_key}?u={user_id}&exp={unix seconds}&sig={signature}} where
 * {@code signature = base64url_nopad(HMAC-SHA256(signing key, path + "\n" + exp + "\n" + user_id))}
 * and {@code path} is the URL path ({@code "/" + object_key}). The signature binds the URL to one
 * object, one user and one expiry: changing any of them makes the edge answer 403.
 */
public final class StreamUrlSigner {

  // Object keys go into the URL path unencoded, so that the path the edge sees is the path signed.
  private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_~.-]+(/[A-Za-z0-9_~.-]+)*");

  private final String edgeBaseUrl;
  private final Duration validity;
  private final Clock clock;
  private final HmacSha256 hmac;

  public StreamUrlSigner(String edgeBaseUrl, String signingKey, Duration validity, Clock clock) {
    this.edgeBaseUrl = edgeBaseUrl.replaceAll("/+$", "");
    this.validity = validity;
    this.clock = clock;
    this.hmac = new HmacSha256(signingKey.getBytes(StandardCharsets.UTF_8));
  }

  public record SignedUrl(String url, Instant expiresAt) {}

  public SignedUrl sign(String objectKey, String userId) {
    return sign(objectKey, userId, clock.instant().plus(validity));
  }

  /** A URL that expires at the given time (the renditions of one playback share one expiry). */
  public SignedUrl sign(String objectKey, String userId, Instant expiresAt) {
    if (!SAFE_KEY.matcher(objectKey).matches() || objectKey.contains("..")) {
      throw new IllegalStateException("object key '" + objectKey + "' cannot be put in a URL path unencoded");
    }
    long exp = expiresAt.getEpochSecond();
    String path = "/" + objectKey;
    String url = edgeBaseUrl + path
        + "?u=" + URLEncoder.encode(userId, StandardCharsets.UTF_8)
        + "&exp=" + exp
        + "&sig=" + signature(path, exp, userId);
    return new SignedUrl(url, Instant.ofEpochSecond(exp));
  }

  String signature(String path, long exp, String userId) {
    byte[] mac = hmac.mac((path + "\n" + exp + "\n" + userId).getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }
}
