package io.harmonia.royalties;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code report.html} of an export run: one self-contained page (inline CSS and SVG, no script, no
 * external asset) that a person reads before paying on the run — plays read, qualified and
 * disqualified by each rule, per tier; qualified plays per hour as a bar chart; the top songs and
 * artists; and what changed against the run it supersedes. Deterministic: the same inputs give the
 * same bytes (no timestamp; every list in a fixed order).
 */
public final class ReconciliationReport {

  /** The report's name in its run's prefix. */
  public static final String NAME = "report.html";

  /** The chart's bar colour: the screenshot test looks for it. */
  public static final String BAR_COLOUR = "#1f6feb";

  private static final int TOP = 10;
  private static final int MAX_CHANGED_ROWS = 50;

  /** The run the report describes. */
  public record Run(LocalDate date, String runId, Instant cutoff, ExportManifest.Source source,
      ExportManifest.Totals totals, long[] qualifiedPerHour, List<RoyaltyRow> rows) {}

  /** The superseded run: its manifest and rows. */
  public record Previous(ExportManifest manifest, List<RoyaltyRow> rows) {}

  private ReconciliationReport() {}

  public static byte[] html(Run run, Previous previous) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Royalty reconciliation ").append(run.date()).append(" (run ").append(esc(run.runId()))
        .append(")</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:24px;color:#1b1f24;max-width:1100px}\n")
        .append("table{border-collapse:collapse;margin:8px 0 24px}\n")
        .append("th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:right}\n")
        .append("th:first-child,td:first-child{text-align:left}\n")
        .append("th{background:#f6f8fa}\n.muted{color:#57606a}\n.up{color:#1a7f37}\n.down{color:#cf222e}\n")
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>Royalty reconciliation — ").append(run.date()).append("</h1>\n");
    h.append("<p>Run <code>").append(esc(run.runId())).append("</code>; plays received by <code>")
        .append(run.cutoff()).append("</code> (the cut-off). Manifest: <a href=\"").append(ExportManifest.NAME)
        .append("\">").append(ExportManifest.NAME).append("</a>; files: <a href=\"").append(RoyaltyFiles.PARQUET)
        .append("\">").append(RoyaltyFiles.PARQUET).append("</a>, <a href=\"").append(RoyaltyFiles.CSV).append("\">")
        .append(RoyaltyFiles.CSV).append("</a>.</p>\n");

    reconciliation(h, run.source(), run.totals());
    chart(h, run.qualifiedPerHour());
    top(h, run.rows());
    changes(h, run, previous);
    h.append("</body>\n</html>\n");
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void reconciliation(StringBuilder h, ExportManifest.Source source, ExportManifest.Totals totals) {
    TreeSet<String> rules = new TreeSet<>(source.disqualified().keySet());
    h.append("<h2>Plays read, qualified and disqualified</h2>\n<table id=\"reconciliation\">\n<tr><th>tier</th>")
        .append("<th>plays read</th><th>qualified</th><th>disqualified</th>");
    rules.forEach(r -> h.append("<th>").append(esc(r)).append("</th>"));
    h.append("</tr>\n");
    source.perTier().forEach((tier, c) -> {
      h.append("<tr><td>").append(esc(tier)).append("</td>").append(td(c.playsRead())).append(td(c.qualifiedPlays()))
          .append(td(c.playsRead() - c.qualifiedPlays()));
      rules.forEach(r -> h.append(td(c.disqualified().getOrDefault(r, 0L))));
      h.append("</tr>\n");
    });
    h.append("<tr><th>all tiers</th>").append(th(source.playsRead())).append(th(source.qualifiedPlays()))
        .append(th(source.disqualifiedPlays()));
    rules.forEach(r -> h.append(th(source.disqualified().get(r))));
    h.append("</tr>\n</table>\n");
    h.append("<p>Exported: ").append(totals.qualifiedPlays()).append(" qualified plays (the rows' sum equals the ")
        .append("qualified plays read), ").append(totals.msListened()).append(" ms listened, ")
        .append(totals.uniqueListeners()).append(" listeners summed over the rows.</p>\n");
  }

  /** Qualified plays per UTC hour: 24 bars, a y axis with a few round ticks, hour labels. */
  private static void chart(StringBuilder h, long[] perHour) {
    int width = 960;
    int height = 320;
    int left = 56;
    int bottom = 40;
    int top = 16;
    int plotHeight = height - bottom - top;
    int slot = (width - left - 16) / 24;
    long max = 0;
    for (long n : perHour) {
      max = Math.max(max, n);
    }
    long step = niceStep(max);
    long axisMax = Math.max(step, ((max + step - 1) / step) * step);
    h.append("<h2>Qualified plays per hour (UTC)</h2>\n")
        .append("<svg id=\"qualified-per-hour\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" aria-label=\"Qualified plays per hour\">\n");
    for (long v = 0; v <= axisMax; v += step) {
      long y = top + plotHeight - Math.round((double) v / axisMax * plotHeight);
      h.append("<line x1=\"").append(left).append("\" x2=\"").append(width - 16).append("\" y1=\"").append(y)
          .append("\" y2=\"").append(y).append("\" stroke=\"#d0d7de\"/>")
          .append("<text x=\"").append(left - 6).append("\" y=\"").append(y + 4)
          .append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#57606a\">").append(v).append("</text>\n");
    }
    for (int hour = 0; hour < 24; hour++) {
      long n = perHour[hour];
      long barHeight = Math.round((double) n / axisMax * plotHeight);
      int x = left + hour * slot + 3;
      h.append("<rect class=\"bar\" x=\"").append(x).append("\" y=\"").append(top + plotHeight - barHeight)
          .append("\" width=\"").append(slot - 6).append("\" height=\"").append(barHeight).append("\" fill=\"")
          .append(BAR_COLOUR).append("\"><title>").append(String.format("%02d:00", hour)).append(": ").append(n)
          .append(" qualified plays</title></rect>")
          .append("<text x=\"").append(x + (slot - 6) / 2).append("\" y=\"").append(height - bottom + 16)
          .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">").append(String.format("%02d", hour))
          .append("</text>\n");
    }
    h.append("</svg>\n");
  }

  private static long niceStep(long max) {
    long raw = Math.max(1, max / 5);
    long magnitude = 1;
    while (magnitude * 10 <= raw) {
      magnitude *= 10;
    }
    for (long m : new long[] {1, 2, 5, 10}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static void top(StringBuilder h, List<RoyaltyRow> rows) {
    Map<String, long[]> songs = new HashMap<>();
    Map<String, long[]> artists = new HashMap<>();
    Map<String, String> artistOf = new HashMap<>();
    for (RoyaltyRow r : rows) {
      songs.computeIfAbsent(r.songId(), s -> new long[2])[0] += r.qualifiedPlays();
      songs.get(r.songId())[1] += r.msListened();
      if (r.artistId() != null) {
        artistOf.put(r.songId(), r.artistId());
      }
      String artist = r.artistId() == null ? "(not in the catalog)" : r.artistId();
      artists.computeIfAbsent(artist, a -> new long[2])[0] += r.qualifiedPlays();
      artists.get(artist)[1] += r.msListened();
    }
    h.append("<h2>Top songs</h2>\n<table id=\"top-songs\">\n<tr><th>song</th><th>artist</th><th>qualified plays</th>")
        .append("<th>ms listened</th></tr>\n");
    for (Map.Entry<String, long[]> e : ranked(songs)) {
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>")
          .append(esc(artistOf.getOrDefault(e.getKey(), ""))).append("</td>").append(td(e.getValue()[0]))
          .append(td(e.getValue()[1])).append("</tr>\n");
    }
    h.append("</table>\n<h2>Top artists</h2>\n<table id=\"top-artists\">\n<tr><th>artist</th><th>qualified plays</th>")
        .append("<th>ms listened</th></tr>\n");
    for (Map.Entry<String, long[]> e : ranked(artists)) {
      h.append("<tr><td>").append(esc(e.getKey())).append("</td>").append(td(e.getValue()[0]))
          .append(td(e.getValue()[1])).append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static List<Map.Entry<String, long[]>> ranked(Map<String, long[]> totals) {
    List<Map.Entry<String, long[]>> list = new ArrayList<>(totals.entrySet());
    list.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
        .thenComparing(Map.Entry::getKey));
    return list.subList(0, Math.min(TOP, list.size()));
  }

  private static void changes(StringBuilder h, Run run, Previous previous) {
    h.append("<h2>Changes against the previous run</h2>\n");
    if (previous == null) {
      h.append("<p id=\"changes\">The first run of this day: nothing to compare.</p>\n");
      return;
    }
    ExportManifest before = previous.manifest();
    h.append("<p id=\"changes\">Against run <code>").append(esc(before.runId())).append("</code> (plays received by <code>")
        .append(before.cutoff()).append("</code>):</p>\n<table id=\"change-totals\">\n")
        .append("<tr><th></th><th>previous run</th><th>this run</th><th>change</th></tr>\n");
    changeRow(h, "plays read", before.source().playsRead(), run.source().playsRead());
    changeRow(h, "qualified plays", before.totals().qualifiedPlays(), run.totals().qualifiedPlays());
    changeRow(h, "disqualified plays", before.source().disqualifiedPlays(), run.source().disqualifiedPlays());
    TreeSet<String> rules = new TreeSet<>(before.source().disqualified().keySet());
    rules.addAll(run.source().disqualified().keySet());
    for (String rule : rules) {
      changeRow(h, "disqualified: " + rule, before.source().disqualified().getOrDefault(rule, 0L),
          run.source().disqualified().getOrDefault(rule, 0L));
    }
    changeRow(h, "ms listened", before.totals().msListened(), run.totals().msListened());
    changeRow(h, "unique listeners (row sum)", before.totals().uniqueListeners(), run.totals().uniqueListeners());
    changeRow(h, "rows", before.rowCount(), run.rows().size());
    h.append("</table>\n");

    Map<String, RoyaltyRow> old = new LinkedHashMap<>();
    previous.rows().forEach(r -> old.put(r.songId() + '\n' + r.subscription(), r));
    Map<String, RoyaltyRow> now = new TreeMap<>();
    run.rows().forEach(r -> now.put(r.songId() + '\n' + r.subscription(), r));
    TreeSet<String> keys = new TreeSet<>(old.keySet());
    keys.addAll(now.keySet());
    List<String> changed = keys.stream().filter(k -> !same(old.get(k), now.get(k))).toList();
    h.append("<p>").append(changed.size()).append(" of ").append(keys.size()).append(" (song, tier) rows changed")
        .append(changed.size() > MAX_CHANGED_ROWS ? "; the first " + MAX_CHANGED_ROWS + ":" : changed.isEmpty() ? "." : ":")
        .append("</p>\n");
    if (changed.isEmpty()) {
      return;
    }
    h.append("<table id=\"changed-rows\">\n<tr><th>song</th><th>tier</th><th>qualified plays</th>")
        .append("<th>unique listeners</th><th>ms listened</th></tr>\n");
    for (String k : changed.subList(0, Math.min(MAX_CHANGED_ROWS, changed.size()))) {
      RoyaltyRow a = old.get(k);
      RoyaltyRow b = now.get(k);
      RoyaltyRow any = b != null ? b : a;
      h.append("<tr><td>").append(esc(any.songId())).append("</td><td>").append(esc(any.subscription())).append("</td>")
          .append(fromTo(a == null ? 0 : a.qualifiedPlays(), b == null ? 0 : b.qualifiedPlays()))
          .append(fromTo(a == null ? 0 : a.uniqueListeners(), b == null ? 0 : b.uniqueListeners()))
          .append(fromTo(a == null ? 0 : a.msListened(), b == null ? 0 : b.msListened())).append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static boolean same(RoyaltyRow a, RoyaltyRow b) {
    return a != null && b != null && a.qualifiedPlays() == b.qualifiedPlays()
        && a.uniqueListeners() == b.uniqueListeners() && a.msListened() == b.msListened();
  }

  private static void changeRow(StringBuilder h, String what, long before, long after) {
    long d = after - before;
    h.append("<tr><td>").append(esc(what)).append("</td>").append(td(before)).append(td(after))
        .append("<td class=\"").append(d > 0 ? "up" : d < 0 ? "down" : "muted").append("\">")
        .append(d > 0 ? "+" : "").append(d).append("</td></tr>\n");
  }

  private static String fromTo(long before, long after) {
    return "<td>" + (before == after ? String.valueOf(after) : before + " → " + after) + "</td>";
  }

  private static String td(long n) {
    return "<td>" + n + "</td>";
  }

  private static String th(long n) {
    return "<th>" + n + "</th>";
  }

  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
