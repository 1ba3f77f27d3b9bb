package io.harmonia.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenLeaseTest {

  @Test
  void heldTokensAreSpentOneByOne() {
    TokenLease lease = new TokenLease();
    assertThat(lease.take()).as("nothing held yet").isFalse();
    lease.keep(2, 40);
    assertThat(lease.remaining()).isEqualTo(42);
    assertThat(lease.take()).isTrue();
    assertThat(lease.take()).isTrue();
    assertThat(lease.take()).isFalse();
    assertThat(lease.remaining()).isEqualTo(40);
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
    assertThat(TokenLease.retryAfterSeconds(0)).isEqualTo(1);
    assertThat(TokenLease.retryAfterSeconds(1)).isEqualTo(1);
    assertThat(TokenLease.retryAfterSeconds(1000)).isEqualTo(1);
    assertThat(TokenLease.retryAfterSeconds(1001)).isEqualTo(2);
    assertThat(TokenLease.retryAfterSeconds(2500)).isEqualTo(3);
  }
}
