package io.harmonia.royalties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.plays.Play;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportManifestTest {

  private static final Instant CUTOFF = Instant.parse("2026-02-01T02:00:00Z");

  private static DaySummary summary() {
    DaySummary s = new DaySummary(CUTOFF);
    s.add(new Play("e1", "u1", "s1", Instant.parse("2026-01-31T10:00:00Z"), 40_000, "FREE", true, null, null));
    s.add(new Play("e2", "u1", "s1", Instant.parse("2026-01-31T10:05:00Z"), 40_000, "FREE", false, "play-id-reused", null));
    s.add(new Play("e3", "u2", "s2", Instant.parse("2026-01-31T11:00:00Z"), 10_000, "PREMIUM")); // legacy, short
    s.add(new Play("e4", "u3", "s2", Instant.parse("2026-01-31T23:00:00Z"), 60_000, "PREMIUM")); // legacy
    s.add(new Play("e5", "u3", "s2", Instant.parse("2026-01-31T23:30:00Z"), 60_000, "PREMIUM", true, null,
        CUTOFF.plusSeconds(1))); // received after the cut-off
    return s;
  }

  private static ExportManifest manifest() {
    return new ExportManifest(LocalDate.parse("2026-01-31"), "20260201T020000Z-0123456789ab", CUTOFF, null, "1.2.3",
        ExportManifest.Source.of(16, summary()), 7, new ExportManifest.Totals(2, 2, 100_000), 1,
        List.of(new ExportManifest.FileEntry("royalties.parquet", "date=2026-01-31/run=x/royalties.parquet",
            "parquet", 1234, "ab".repeat(32)),
            new ExportManifest.FileEntry("report.html", "date=2026-01-31/run=x/report.html", "html", 99, "cd".repeat(32))));
  }

  @Test
  void countsPlaysPerTierAndRuleByTheCutoff() {
    DaySummary s = summary();
    assertThat(s.playsRead()).isEqualTo(4);
    assertThat(s.receivedAfterCutoff()).isEqualTo(1);
    assertThat(s.qualifiedPlays()).isEqualTo(2);
    assertThat(s.msListened()).isEqualTo(100_000);
    assertThat(s.disqualifiedByRule()).containsExactly(
        java.util.Map.entry("play-id-reused", 1L), java.util.Map.entry("too-short", 1L));
    assertThat(s.qualifiedPerHour()[10]).isEqualTo(1);
    assertThat(s.qualifiedPerHour()[23]).isEqualTo(1);
    assertThat(s.tiers().get("FREE").disqualified()).containsOnlyKeys("play-id-reused");
    // the fingerprint is the plays', whatever their order, and moves when one more is counted
    DaySummary reversed = new DaySummary(CUTOFF);
    List.of(new Play("e4", "u3", "s2", Instant.parse("2026-01-31T23:00:00Z"), 60_000, "PREMIUM"),
        new Play("e3", "u2", "s2", Instant.parse("2026-01-31T11:00:00Z"), 10_000, "PREMIUM"),
        new Play("e2", "u1", "s1", Instant.parse("2026-01-31T10:05:00Z"), 40_000, "FREE", false, "play-id-reused", null),
        new Play("e1", "u1", "s1", Instant.parse("2026-01-31T10:00:00Z"), 40_000, "FREE", true, null, null))
        .forEach(reversed::add);
    assertThat(reversed.fingerprint()).isEqualTo(s.fingerprint());
    assertThat(ExportManifest.Source.of(16, reversed)).isEqualTo(ExportManifest.Source.of(16, s));
    reversed.add(new Play("e6", "u4", "s2", Instant.parse("2026-01-31T12:00:00Z"), 60_000, "FREE"));
    assertThat(reversed.fingerprint()).isNotEqualTo(s.fingerprint());
  }

  @Test
  void writesTheSameBytesEveryTimeAndReadsThemBack() throws IOException {
    byte[] json = manifest().toJson();
    assertThat(manifest().toJson()).isEqualTo(json);
    assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("\r").endsWith("}\n")
        .contains("\"row_count\" : 7").contains("\"version\" : \"1.2.3\"")
        .contains("\"cutoff\" : \"2026-02-01T02:00:00Z\"").contains("\"too-short\" : 1")
        .contains("\"report\" : \"date=2026-01-31/run=x/report.html\"");
    assertThat(ExportManifest.parse(json)).isEqualTo(manifest());
  }

  @Test
  void refusesADocumentThatIsNotAManifest() {
    assertThatThrownBy(() -> ExportManifest.parse("{\"export\":\"other\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aPointerKeepsEveryEarlierRunNewestFirst() throws IOException {
    LocalDate day = LocalDate.parse("2026-01-31");
    ExportPointer.Run r1 = new ExportPointer.Run("r1", "date=2026-01-31/run=r1/_manifest.json", CUTOFF, 5, CUTOFF);
    ExportPointer.Run r2 = new ExportPointer.Run("r2", "date=2026-01-31/run=r2/_manifest.json",
        CUTOFF.plusSeconds(86_400), 6, CUTOFF.plusSeconds(86_400));
    ExportPointer.Run r3 = new ExportPointer.Run("r3", "date=2026-01-31/run=r3/_manifest.json",
        CUTOFF.plusSeconds(2 * 86_400), 7, CUTOFF.plusSeconds(2 * 86_400));
    ExportPointer p = ExportPointer.publish(day, r3, ExportPointer.publish(day, r2, ExportPointer.publish(day, r1, null)));
    assertThat(p.current()).isEqualTo(r3);
    assertThat(p.history()).containsExactly(r2, r1);
    assertThat(ExportPointer.parse(p.toJson())).isEqualTo(p);
    // publishing the current run again (a retried publish) does not list it twice
    assertThat(ExportPointer.publish(day, r3, p).history()).containsExactly(r2, r1);
  }
}
