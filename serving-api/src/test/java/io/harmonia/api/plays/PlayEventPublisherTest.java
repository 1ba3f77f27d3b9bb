package io.harmonia.api.plays;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.config.HarmoniaConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlayEventPublisherTest {

  @Test
  void theProducerIsDurableAndItsDeadlinesBoundTheHandOver() {
    PlaySettings settings = PlaySettings.from(HarmoniaConfig.of(Map.of("HARMONIA_PLAYS_HANDOVER_TIMEOUT_MS", "4000")));
    Map<String, Object> props = PlayEventPublisher.producerConfig(HarmoniaConfig.of(Map.of()), settings);

    assertThat(props).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
    long delivery = Long.parseLong((String) props.get("delivery.timeout.ms"));
    long request = Long.parseLong((String) props.get("request.timeout.ms"));
    long linger = Long.parseLong((String) props.get("linger.ms"));
    assertThat(delivery).isEqualTo(4000);
    // Kafka refuses a producer whose delivery timeout cannot cover one linger and one request
    assertThat(delivery).isGreaterThanOrEqualTo(linger + request);
    assertThat(props).containsEntry("max.block.ms", "2000");
    assertThat(settings.ackWait().toMillis()).isGreaterThan(delivery);
  }
}
