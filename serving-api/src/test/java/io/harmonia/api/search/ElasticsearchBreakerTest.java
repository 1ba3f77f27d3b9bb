package io.harmonia.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ElasticsearchBreakerTest {

  @Test
  void opensOnAFailureAndClosesByItselfWhenTheProbeSucceeds() {
    AtomicBoolean up = new AtomicBoolean(false);
    AtomicInteger probes = new AtomicInteger();
    try (ElasticsearchBreaker breaker = new ElasticsearchBreaker(() -> {
      probes.incrementAndGet();
      if (!up.get()) {
        throw new IOException("connection refused");
      }
    }, Duration.ofMillis(20))) {
      assertThat(breaker.isOpen()).isFalse();
      breaker.recordFailure(new IOException("connection refused"));
      assertThat(breaker.isOpen()).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> probes.get() >= 3);
      assertThat(breaker.isOpen()).isTrue();

      up.set(true);
      await().atMost(Duration.ofSeconds(5)).until(() -> !breaker.isOpen());
    }
  }

  @Test
  void manyFailuresAtOnceStartOneProbeLoop() throws Exception {
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    AtomicInteger probes = new AtomicInteger();
    try (ElasticsearchBreaker breaker = new ElasticsearchBreaker(() -> {
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      try {
        probes.incrementAndGet();
        throw new IOException("down");
      } finally {
        concurrent.decrementAndGet();
      }
    }, Duration.ofMillis(10))) {
      Thread[] callers = new Thread[16];
      for (int i = 0; i < callers.length; i++) {
        callers[i] = new Thread(() -> breaker.recordFailure(new IOException("down")));
        callers[i].start();
      }
      for (Thread t : callers) {
        t.join();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> probes.get() >= 5);
      assertThat(maxConcurrent.get()).isEqualTo(1);
    }
  }
}
