package io.harmonia.reco.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run leaves behind: parameters, data sizes, timings, metrics next to the baseline, the
 * gate's decision and what was published, as {@code report.json} and a readable {@code report.html}.
 */
public final class RunReport {

  private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, Object> root = new LinkedHashMap<>();

  public RunReport(String runId) {
    root.put("run_id", runId);
  }

  public void put(String key, Object value) {
    root.put(key, value);
  }

  public Object get(String key) {
    return root.get(key);
  }

  /** A named section (created on first use), in the order sections were first used. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> section(String name) {
    return (Map<String, Object>) root.computeIfAbsent(name, n -> new LinkedHashMap<String, Object>());
  }

  /** Runs a stage, records its wall time under {@code timings_ms} and logs it. */
  public <T> T time(String stage, Supplier<T> work) {
    long start = System.nanoTime();
    T result = work.get();
    long ms = (System.nanoTime() - start) / 1_000_000;
    section("timings_ms").put(stage, ms);
    LOG.info("Stage {} took {} ms", stage, ms);
    return result;
  }

  public Map<String, Object> asMap() {
    return root;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code report.json} and {@code report.html} into the directory; returns the JSON path. */
  public Path write(Path dir) {
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve("report.json");
      Files.writeString(json, toJson(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir, e);
    }
  }

  /**
   * Writes {@code report.json}'s content to a file a caller chose (a scheduler's task finds its own
   * run's report there): written beside it first and moved into place, so a reader never sees half.
   */
  public void writeJsonTo(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
      Files.writeString(partial, toJson(), StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + file, e);
    }
  }

  public String html() {
    StringBuilder out = new StringBuilder();
    out.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Recommendations run ")
        .append(esc(root.get("run_id"))).append("</title>\n<style>")
        .append("body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}")
        .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}")
        .append("th{background:#f3f3f3}.pass{color:#176b1e;font-weight:bold}.fail{color:#a4161a;font-weight:bold}")
        .append("</style></head><body>\n");
    out.append("<h1>Recommendations run ").append(esc(root.get("run_id"))).append("</h1>\n");
    Object status = root.get("status");
    out.append("<p>Status: <span class=\"").append("published".equals(status) || "offline".equals(status) ? "pass" : "fail")
        .append("\">").append(esc(status)).append("</span>");
    Object reason = root.get("status_reason");
    if (reason != null) {
      out.append(" — ").append(esc(reason));
    }
    out.append("</p>\n");
    metricsTable(out);
    for (Map.Entry<String, Object> e : root.entrySet()) {
      if (List.of("run_id", "status", "status_reason").contains(e.getKey())) {
        continue;
      }
      out.append("<h2>").append(esc(e.getKey())).append("</h2>\n");
      value(out, e.getValue());
    }
    out.append("</body></html>\n");
    return out.toString();
  }

  /** The comparison a reader looks for first: ALS next to the baseline, per metric and k. */
  @SuppressWarnings("unchecked")
  private void metricsTable(StringBuilder out) {
    Object metrics = root.get("metrics");
    if (!(metrics instanceof Map<?, ?> byK)) {
      return;
    }
    out.append("<h2>ALS vs most-popular baseline</h2>\n<table><tr><th>metric</th><th>ALS</th><th>baseline</th><th>ALS / baseline</th></tr>\n");
    for (Map.Entry<?, ?> k : byK.entrySet()) {
      if (!(k.getValue() instanceof Map<?, ?> m) || !(m.get("als") instanceof Map<?, ?>)) {
        continue;
      }
      Map<String, Object> als = (Map<String, Object>) m.get("als");
      Map<String, Object> pop = (Map<String, Object>) m.get("popularity");
      for (String metric : List.of("precision", "recall", "ndcg", "map")) {
        double a = ((Number) als.get(metric)).doubleValue();
        double p = ((Number) pop.get(metric)).doubleValue();
        out.append("<tr><td>").append(metric).append("@").append(als.get("k")).append("</td><td>")
            .append(String.format("%.4f", a)).append("</td><td>").append(String.format("%.4f", p)).append("</td><td>")
            .append(p == 0 ? "—" : String.format("%.2f×", a / p)).append("</td></tr>\n");
      }
    }
    out.append("</table>\n");
  }

  private static void value(StringBuilder out, Object value) {
    if (value instanceof Map<?, ?> map) {
      out.append("<table>\n");
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append("<tr><th>").append(esc(e.getKey())).append("</th><td>");
        value(out, e.getValue());
        out.append("</td></tr>\n");
      }
      out.append("</table>\n");
    } else if (value instanceof Double d) {
      out.append(String.format("%.4f", d));
    } else {
      out.append(esc(value));
    }
  }

  private static String esc(Object value) {
    return String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
