package io.harmonia.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.api.ratelimit.TokenLease.Take;
import org.junit.jupiter.api.Test;

class TokenLeaseTest {

  @Test
  void heldTokensAreSpentOneByOne() {
    TokenLease lease = new TokenLease(0);
    assertThat(lease.take()).as("nothing held yet").isEqualTo(Take.EMPTY);
    lease.keep(2, 40);
    assertThat(lease.remaining()).isEqualTo(42);
    assertThat(lease.take()).isEqualTo(Take.SPENT);
    assertThat(lease.take()).isEqualTo(Take.SPENT);
    assertThat(lease.take()).isEqualTo(Take.EMPTY);
    assertThat(lease.remaining()).isEqualTo(40);
  }

  @Test
  void belowTheLowWaterMarkOneCallerTopsUpWhileTheOthersSpend() {
    TokenLease lease = new TokenLease(5);
    lease.keep(7, 100);
    assertThat(lease.take()).isEqualTo(Take.SPENT);          // 6 left
    assertThat(lease.take()).isEqualTo(Take.SPENT);          // 5
    assertThat(lease.take()).isEqualTo(Take.SPENT_TOP_UP);   // 4: this caller asks Redis
    assertThat(lease.take()).as("a top-up is already on its way").isEqualTo(Take.SPENT);
    lease.keep(10, 90);
    lease.toppedUp();
    assertThat(lease.remaining()).isEqualTo(13 + 90);
    assertThat(lease.take()).isEqualTo(Take.SPENT);
  }

  @Test
  void aTopUpThatBroughtNothingLetsTheNextCallerTryAgain() {
    TokenLease lease = new TokenLease(2);
    lease.keep(2, 0);
    assertThat(lease.take()).isEqualTo(Take.SPENT_TOP_UP);
    lease.toppedUp(); // Redis did not answer, or the bucket was empty
    assertThat(lease.take()).isEqualTo(Take.SPENT_TOP_UP);
    assertThat(lease.take()).isEqualTo(Take.EMPTY);
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
