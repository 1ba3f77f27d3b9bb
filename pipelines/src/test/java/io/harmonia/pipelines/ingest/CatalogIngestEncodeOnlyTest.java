package io.harmonia.pipelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.pipelines.testing.Pipelines;
import io.harmonia.pipelines.testing.TestCatalogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline without the stores (the benchmark's encode-only mode): every song ends as one
 * outcome, and the launcher's run summary lists the failed ones with their reasons. On DirectRunner
 * and on Spark in local mode.
 */
class CatalogIngestEncodeOnlyTest {

  @TempDir Path dir;

  private TestCatalogs.Catalog catalog() throws Exception {
    TestCatalogs.Catalog catalog = TestCatalogs.write(dir.resolve("catalog"), "t", 2, 1.5, true, true);
    catalog.song(0).put("release_year", 1200); // invalid: fails validation, never probed
    catalog.save();
    return catalog;
  }

  @Test
  void everySongEndsAsOneOutcome() throws Exception {
    TestCatalogs.Catalog catalog = catalog();
    TestPipeline pipeline = Pipelines.testPipeline();
    IngestOptions options = PipelineOptionsFactory.as(IngestOptions.class);
    options.setCatalog(catalog.dir().toString());
    options.setEncodeOnly(true);
    options.setScratchDir(dir.resolve("scratch").toString());

    PCollection<SongOutcome> outcomes = CatalogIngest.ingestCatalog(pipeline, options);

    PAssert.that(outcomes).satisfies(all -> {
      Map<String, SongOutcome> byId = StreamSupport.stream(all.spliterator(), false)
          .collect(Collectors.toMap(SongOutcome::songId, Function.identity()));
      assertThat(byId).hasSize(4);
      assertThat(byId.get("t-s1").stage()).isEqualTo(SongOutcome.Stage.VALIDATE);
      assertThat(byId.get("t-s2").status()).isEqualTo(SongOutcome.Status.ENCODED);
      assertThat(byId.get("t-s2").encoded()).isEqualTo(3);
      assertThat(byId.get("t-corrupt").stage()).isEqualTo(SongOutcome.Stage.PROBE);
      assertThat(byId.get("t-missing").reason()).isEqualTo("master file not found: masters/not-there.wav");
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void theLauncherWritesTheRunSummaryOnDirectRunner() throws Exception {
    assertRunSummary(CatalogIngest.run(catalog().dir(), "--encodeOnly=true", "--runsDir=" + dir.resolve("runs"),
        "--progressIntervalSeconds=1"));
  }

  @Test
  void theSamePipelineRunsOnSparkInLocalMode() throws Exception {
    IngestSummary summary = CatalogIngest.run(catalog().dir(), "--runner=SparkRunner", "--encodeOnly=true",
        "--runsDir=" + dir.resolve("runs"), "--progressIntervalSeconds=2");

    assertThat(summary.runner()).isEqualTo("SparkRunner");
    assertRunSummary(summary);
  }

  private void assertRunSummary(IngestSummary summary) throws Exception {
    assertThat(summary.succeeded()).as(summary.error()).isTrue();
    assertThat(summary.songsInManifest()).isEqualTo(4);
    assertThat(summary.count(SongOutcome.Status.ENCODED)).isEqualTo(1);
    assertThat(summary.failures()).extracting(SongOutcome::songId).containsExactly("t-s1", "t-corrupt", "t-missing");
    assertThat(summary.renditionsEncoded()).isEqualTo(3);
    assertThat(summary.renditionsUploaded()).isZero();
    assertThat(summary.counter(IngestMetrics.SLOTS_SETTLED)).isEqualTo(12);

    Path file = summary.file();
    assertThat(file.getParent()).isEqualTo(dir.resolve("runs"));
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("state").asText()).isEqualTo("done");
    assertThat(json.get("songs").get("failed").asInt()).isEqualTo(3);
    assertThat(json.get("failures")).hasSize(3);
    assertThat(json.get("failures").get(0).get("reason").asText()).contains("release_year 1200 is outside");
    assertThat(json.get("failures").get(0).get("stage").asText()).isEqualTo("validate");
    assertThat(json.get("outcomes")).hasSize(4);
    try (var files = Files.list(dir.resolve("runs"))) {
      assertThat(files).containsExactly(file); // the run's working files are gone
    }
  }
}
