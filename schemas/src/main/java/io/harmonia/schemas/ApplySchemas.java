package io.harmonia.schemas;

import io.harmonia.config.HarmoniaConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Applies everything under {@code schemas/} to the running platform, idempotently: PostgreSQL
 * migrations, Cassandra CQL, Elasticsearch indices behind their aliases, Kafka topics and the
 * object-store bucket. Run by {@code bin/platform up} and {@code bin/platform migrate}.
 *
 * <p>Usage: {@code ApplySchemas [--only postgres,cassandra,elasticsearch,kafka,objectstore]}
 */
public final class ApplySchemas {

  private static final List<String> STORES = List.of("postgres", "cassandra", "elasticsearch", "kafka", "objectstore");

  private ApplySchemas() {}

  public static void main(String[] args) {
    Set<String> only = Set.copyOf(STORES);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--only") && i + 1 < args.length) {
        only = Set.of(args[++i].split(","));
        if (!STORES.containsAll(only)) {
          usage("unknown store in --only " + only + "; stores: " + STORES);
        }
      } else {
        usage("unknown argument " + args[i]);
      }
    }
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    Map<String, Callable<String>> steps = new LinkedHashMap<>();
    steps.put("postgres", () -> PostgresSchema.apply(config));
    steps.put("cassandra", () -> CassandraSchema.apply(config));
    steps.put("elasticsearch", () -> SearchIndexes.apply(config));
    steps.put("kafka", () -> KafkaTopics.apply(config));
    steps.put("objectstore", () -> ObjectStoreBucket.apply(config));

    // The stores are independent: apply to all at once, report in order.
    ExecutorService pool = Executors.newFixedThreadPool(steps.size());
    Map<String, Future<String>> outcomes = new LinkedHashMap<>();
    for (Map.Entry<String, Callable<String>> step : steps.entrySet()) {
      if (only.contains(step.getKey())) {
        Callable<String> timed = () -> {
          long t0 = System.nanoTime();
          String outcome = step.getValue().call();
          return String.format("%s (%.1fs)", outcome, (System.nanoTime() - t0) / 1e9);
        };
        outcomes.put(step.getKey(), pool.submit(timed));
      }
    }
    boolean failed = false;
    for (Map.Entry<String, Future<String>> outcome : outcomes.entrySet()) {
      try {
        System.out.printf("    %-14s %s%n", outcome.getKey(), outcome.getValue().get());
      } catch (ExecutionException e) {
        failed = true;
        System.err.printf("    %-14s FAILED: %s%n", outcome.getKey(), describe(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed = true;
      }
    }
    pool.shutdown();
    if (failed) {
      System.exit(1);
    }
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append("\n        caused by ").append(cause);
    }
    return text.toString();
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: ApplySchemas [--only " + String.join(",", STORES) + "]");
    System.exit(2);
  }
}
