package io.harmonia.api.plays;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.auth.Principal;
import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Json;
import io.harmonia.api.http.JsonBodies;
import io.harmonia.api.http.Problem;
import io.harmonia.api.http.ProblemMapper;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/play-events} and {@code POST /api/v1/play-events/batch}: the intake of plays.
 *
 * <p>An event is answered 202 only after Kafka acknowledged it ({@code acks=all}); when Kafka
 * cannot take it within the hand-over timeout the answer is 503 with {@code Retry-After}, and the
 * event must be sent again with the same {@code event_id}. A retry that duplicates an event Kafka
 * did get after all is harmless: the event id is part of every key downstream.
 *
 * <p>A batch is checked event by event and answered with one result per event, in order:
 * {@code accepted} (durably handed over), {@code rejected} (invalid: sending it again will not
 * help) or {@code unavailable} (not handed over: send it again). The response is 200 when every
 * event has a final result, 503 with {@code Retry-After} as soon as one is {@code unavailable}; in
 * both cases the body lists the results, so a client drops the accepted and rejected events and
 * resends only the others (resending accepted ones too is safe, merely wasteful).
 */
public final class PlayEventHandler {

  private static final Logger log = LoggerFactory.getLogger(PlayEventHandler.class);

  private final PlayEventRules rules;
  private final PlayEventPublisher publisher;
  private final PlaySettings settings;
  private final JsonBodies eventBody;
  private final JsonBodies batchBody;
  private final Clock clock;
  private final Counter accepted;
  private final Counter rejected;
  private final Counter unavailable;
  private final AtomicLong lastUnavailableLog = new AtomicLong(System.nanoTime() - 2_000_000_000L);

  public PlayEventHandler(PlayEventRules rules, PlayEventPublisher publisher, PlaySettings settings,
      JsonBodies eventBody, Clock clock, MeterRegistry metrics) {
    this.rules = rules;
    this.publisher = publisher;
    this.settings = settings;
    this.eventBody = eventBody;
    this.batchBody = new JsonBodies(settings.maxBatchBytes());
    this.clock = clock;
    this.accepted = outcomes(metrics, "accepted");
    this.rejected = outcomes(metrics, "rejected");
    this.unavailable = outcomes(metrics, "unavailable");
  }

  private static Counter outcomes(MeterRegistry metrics, String outcome) {
    return Counter.builder("harmonia.play_events").description("play events by intake outcome")
        .tag("outcome", outcome).register(metrics);
  }

  /** One event's result, as the single and the batch responses show it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EventResult(Integer index, String eventId, String status, String reason) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BatchResponse(String type, String title, Integer status, String detail, String instance,
      int accepted, int rejected, int unavailable, List<EventResult> results) {}

  public void post(Context ctx) {
    JsonNode body = eventBody.read(ctx, JsonNode.class);
    if (!body.isObject()) {
      throw ApiProblem.badRequest("the request body must be a play event (a JSON object); several events go to /api/v1/play-events/batch");
    }
    PlayEventRules.Outcome outcome = rules.check(body, BearerAuth.principal(ctx), client(ctx), clock.instant());
    if (outcome instanceof PlayEventRules.Rejected r) {
      rejected.increment();
      throw ApiProblem.badRequest(r.reason());
    }
    PlayEventRules.Valid event = (PlayEventRules.Valid) outcome;
    ctx.future(() -> publisher.publish(event.message().userId(), event.json()).handleAsync((ok, failure) -> {
      if (failure == null) {
        accepted.increment();
        ctx.status(202).json(new EventResult(null, event.eventId(), "accepted", null));
      } else {
        unavailable.increment();
        logUnavailable(failure);
        ctx.header("Retry-After", Integer.toString(settings.retryAfterSeconds()));
        ProblemMapper.respond(ctx, new ApiProblem(503, "play-events-unavailable", "Service unavailable",
            "the play event could not be handed to the event log in time and was not accepted;"
                + " send it again later with the same event_id"));
      }
      return null;
    }));
  }

  public void postBatch(Context ctx) {
    JsonNode body = batchBody.read(ctx, JsonNode.class);
    JsonNode events = batchEvents(body);
    Principal listener = BearerAuth.principal(ctx);
    String client = client(ctx);
    Instant now = clock.instant();

    List<PlayEventRules.Outcome> outcomes = new ArrayList<>(events.size());
    List<byte[]> valid = new ArrayList<>();
    for (JsonNode event : events) {
      PlayEventRules.Outcome outcome = rules.check(event, listener, client, now);
      outcomes.add(outcome);
      if (outcome instanceof PlayEventRules.Valid v) {
        valid.add(v.json());
      }
    }
    Iterator<CompletableFuture<Void>> handedOver = publisher.publishAll(listener.userId(), valid).iterator();
    List<CompletableFuture<EventResult>> results = new ArrayList<>(outcomes.size());
    for (int i = 0; i < outcomes.size(); i++) {
      results.add(result(i, outcomes.get(i), handedOver));
    }
    ctx.future(() -> CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenRunAsync(() ->
        respondToBatch(ctx, results.stream().map(CompletableFuture::join).toList())));
  }

  private CompletableFuture<EventResult> result(int index, PlayEventRules.Outcome outcome,
      Iterator<CompletableFuture<Void>> handedOver) {
    if (outcome instanceof PlayEventRules.Rejected r) {
      rejected.increment();
      return CompletableFuture.completedFuture(new EventResult(index, r.eventId(), "rejected", r.reason()));
    }
    return handedOver.next().handle((ok, failure) -> {
      if (failure == null) {
        accepted.increment();
        return new EventResult(index, outcome.eventId(), "accepted", null);
      }
      unavailable.increment();
      logUnavailable(failure);
      return new EventResult(index, outcome.eventId(), "unavailable",
          "not handed to the event log in time: send it again with the same event_id");
    });
  }

  private JsonNode batchEvents(JsonNode body) {
    if (!body.isObject() || !body.has("events")) {
      throw ApiProblem.badRequest("the request body must be {\"events\": [play event, ...]}");
    }
    body.fieldNames().forEachRemaining(name -> {
      if (!name.equals("events")) {
        throw ApiProblem.badRequest("unknown field '" + name + "' (expected fields: events)");
      }
    });
    JsonNode events = body.get("events");
    if (!events.isArray() || events.isEmpty() || events.size() > settings.maxBatchEvents()) {
      throw ApiProblem.badRequest("events must be an array of 1 to " + settings.maxBatchEvents() + " play events");
    }
    return events;
  }

  private void respondToBatch(Context ctx, List<EventResult> results) {
    int ok = count(results, "accepted");
    int refused = count(results, "rejected");
    int retry = count(results, "unavailable");
    if (retry == 0) {
      ctx.status(200).json(new BatchResponse(null, null, null, null, null, ok, refused, retry, results));
      return;
    }
    ctx.header("Retry-After", Integer.toString(settings.retryAfterSeconds()));
    ctx.status(503).contentType(Problem.CONTENT_TYPE).result(Json.write(new BatchResponse(
        Problem.TYPE_PREFIX + "play-events-unavailable", "Service unavailable", 503,
        retry + " of " + results.size() + " events could not be handed to the event log in time; send those"
            + " (status unavailable) again later with the same event_id",
        ctx.path(), ok, refused, retry, results)));
  }

  private static int count(List<EventResult> results, String status) {
    return (int) results.stream().filter(r -> r.status().equals(status)).count();
  }

  /** What reported the play: the X-Client header, else the User-Agent, at most 64 printable characters. */
  static String client(Context ctx) {
    String value = ctx.header("X-Client");
    if (value == null || value.isBlank()) {
      value = ctx.header("User-Agent");
    }
    if (value == null || value.isBlank()) {
      return null;
    }
    String printable = value.replaceAll("[^\\x20-\\x7E]", "").trim();
    return printable.isEmpty() ? null : printable.substring(0, Math.min(64, printable.length()));
  }

  /** At most one line a second: an outage fails every event, and the counter says how many. */
  private void logUnavailable(Throwable failure) {
    long now = System.nanoTime();
    long last = lastUnavailableLog.get();
    if (now - last > 1_000_000_000L && lastUnavailableLog.compareAndSet(last, now)) {
      log.warn("play events not handed to Kafka topic {} in time ({} so far): {}", publisher.topic(),
          (long) unavailable.count(), failure.toString());
    }
  }
}
