package io.harmonia.api.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StreamUrlSignerTest {

  private static final String KEY = "test-edge-signing-key-0123456789";
  // exp 1893456000 = 2030-01-01T00:00:00Z; the clock is one hour before it
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1893456000L - 3600), ZoneOffset.UTC);

  private final StreamUrlSigner signer = new StreamUrlSigner("http://127.0.0.1:8081/", KEY, Duration.ofHours(1), CLOCK);

  @Test
  void signatureMatchesAnIndependentImplementation() {
    // Computed independently with:
    // python3 -c 'import hmac,hashlib,base64;print(base64.urlsafe_b64encode(hmac.new(b"test-edge-signing-key-0123456789",b"/songs/s-42/320.3fa9c1d2e4b5.mp3\n1893456000\nu-abc_DEF-123",hashlib.sha256).digest()).rstrip(b"=").decode())'
    assertThat(signer.signature("/songs/s-42/320.3fa9c1d2e4b5.mp3", 1893456000L, "u-abc_DEF-123"))
        .isEqualTo("vynCIjFFcwhWSgP8M6GBxbeGooI9y5MmILZGknI5F50");
  }

  @Test
  void urlPointsAtTheEdgeWithUserExpiryAndSignature() {
    StreamUrlSigner.SignedUrl signed = signer.sign("songs/s-42/320.3fa9c1d2e4b5.mp3", "u-abc_DEF-123");

    assertThat(signed.url()).isEqualTo("http://127.0.0.1:8081/songs/s-42/320.3fa9c1d2e4b5.mp3"
        + "?u=u-abc_DEF-123&exp=1893456000&sig=vynCIjFFcwhWSgP8M6GBxbeGooI9y5MmILZGknI5F50");
    assertThat(signed.expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  void signatureChangesWithPathExpiryAndUser() {
    String base = signer.signature("/songs/a/128.x.mp3", 100, "u-1");
    assertThat(signer.signature("/songs/a/320.x.mp3", 100, "u-1")).isNotEqualTo(base);
    assertThat(signer.signature("/songs/a/128.x.mp3", 101, "u-1")).isNotEqualTo(base);
    assertThat(signer.signature("/songs/a/128.x.mp3", 100, "u-2")).isNotEqualTo(base);
    assertThat(base).doesNotContain("=", "+", "/");
  }

  @Test
  void refusesKeysThatWouldNeedEncodingOrEscapeTheirFolder() {
    assertThatThrownBy(() -> signer.sign("songs/a b.mp3", "u-1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> signer.sign("songs/../secret", "u-1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> signer.sign("/songs/a.mp3", "u-1")).isInstanceOf(IllegalStateException.class);
  }
}
