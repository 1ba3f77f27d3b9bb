package io.harmonia.clients;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.harmonia.config.HarmoniaConfig;
import java.net.URI;

/** The official Elasticsearch Java client over the REST 5 transport. */
public final class SearchClients {

  private SearchClients() {}

  /** The caller closes it with {@code client._transport().close()}. */
  public static ElasticsearchClient elasticsearch(HarmoniaConfig config) {
    Rest5Client rest = Rest5Client.builder(URI.create(config.elasticsearch().url())).build();
    return new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
  }
}
