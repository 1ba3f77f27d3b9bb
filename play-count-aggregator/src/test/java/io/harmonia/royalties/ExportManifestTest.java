package io.harmonia.royalties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportManifestTest {

  private static ExportManifest manifest() {
    return new ExportManifest(LocalDate.parse("2026-01-31"), "1.2.3",
        new ExportManifest.Source(16, 120, 100), 7, new ExportManifest.Totals(100, 40, 9_000_000), 1,
        List.of(new ExportManifest.FileEntry("royalties.parquet", "exports/royalties/date=2026-01-31/royalties.parquet",
            "parquet", 1234, "ab".repeat(32))));
  }

  @Test
  void writesTheSameBytesEveryTimeAndReadsThemBack() throws IOException {
    byte[] json = manifest().toJson();
    assertThat(manifest().toJson()).isEqualTo(json);
    assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("\r").endsWith("}\n")
        .contains("\"row_count\" : 7").contains("\"version\" : \"1.2.3\"");
    assertThat(ExportManifest.parse(json)).isEqualTo(manifest());
  }

  @Test
  void refusesADocumentThatIsNotAManifest() {
    assertThatThrownBy(() -> ExportManifest.parse("{\"export\":\"other\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }
}
