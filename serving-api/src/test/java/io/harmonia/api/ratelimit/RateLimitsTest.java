package io.harmonia.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.config.HarmoniaConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

  @Test
  void defaultsAreGenerousForAPersonAndTightForAnAnonymousScript() {
    RateLimits limits = RateLimits.from(HarmoniaConfig.of(Map.of("HARMONIA_STATE_DIR", "/nonexistent")));
    assertThat(limits.user()).isEqualTo(new RateLimits.Bucket(20, 100));
    assertThat(limits.address()).isEqualTo(new RateLimits.Bucket(2, 20));
    assertThat(limits.leaseTokens()).isEqualTo(10);
    assertThat(limits.enabled()).isTrue();
    assertThat(RateLimits.from(HarmoniaConfig.of(Map.of("HARMONIA_STATE_DIR", "/nonexistent",
        "HARMONIA_RATE_LIMIT_ENABLED", "false"))).enabled()).isFalse();
  }

  @Test
  void ratesMayBeFractionalAndBadValuesStopTheStart() {
    RateLimits limits = RateLimits.from(HarmoniaConfig.of(Map.of("HARMONIA_STATE_DIR", "/nonexistent",
        "HARMONIA_RATE_LIMIT_USER_PER_SECOND", "0.5", "HARMONIA_RATE_LIMIT_USER_BURST", "3")));
    assertThat(limits.user()).isEqualTo(new RateLimits.Bucket(0.5, 3));
    assertThatThrownBy(() -> RateLimits.from(HarmoniaConfig.of(Map.of("HARMONIA_STATE_DIR", "/nonexistent",
        "HARMONIA_RATE_LIMIT_USER_PER_SECOND", "fast")))).hasMessageContaining("HARMONIA_RATE_LIMIT_USER_PER_SECOND");
    assertThatThrownBy(() -> new RateLimits.Bucket(0, 10)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new RateLimits.Bucket(1, 0)).hasMessageContaining("burst");
  }
}
