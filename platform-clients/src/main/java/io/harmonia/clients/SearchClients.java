package io.harmonia.clients;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;
import org.apache.hc.core5.util.Timeout;

/** The official Elasticsearch Java client over the REST 5 transport. */
public final class SearchClients {

  private SearchClients() {}

  /**
   * A client over every node of {@code HARMONIA_ES_URL} (the low-level client spreads requests over
   * them and retries another node when one fails). The caller closes it with
   * {@code client._transport().close()}.
   */
  public static ElasticsearchClient elasticsearch(HarmoniaConfig config) {
    return client(Rest5Client.builder(config.elasticsearch().urls()));
  }

  /**
   * A client that gives up after the given times, for callers that have something better to do
   * than wait (the API falls back to PostgreSQL when Elasticsearch is slow or gone).
   */
  public static ElasticsearchClient elasticsearch(HarmoniaConfig config, Duration connectTimeout,
      Duration responseTimeout) {
    return client(Rest5Client.builder(config.elasticsearch().urls())
        .setConnectionConfigCallback(c -> c
            .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
            .setSocketTimeout(Timeout.ofMilliseconds(responseTimeout.toMillis())))
        .setRequestConfigCallback(r -> r
            .setConnectionRequestTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
            .setResponseTimeout(Timeout.ofMilliseconds(responseTimeout.toMillis()))));
  }

  private static ElasticsearchClient client(Rest5ClientBuilder builder) {
    return new ElasticsearchClient(new Rest5ClientTransport(builder.build(), new JacksonJsonpMapper()));
  }
}
