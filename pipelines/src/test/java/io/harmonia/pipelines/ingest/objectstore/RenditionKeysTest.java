package io.harmonia.pipelines.ingest.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RenditionKeysTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void keysAreVersionedByTheFirstTwelveHexOfTheMastersHash() {
    assertThat(RenditionKeys.key("s-000042", 320, SHA)).isEqualTo("songs/s-000042/320.0123456789ab.mp3");
    assertThat(RenditionKeys.key("s-000042", 128, SHA)).isEqualTo("songs/s-000042/128.0123456789ab.mp3");
    assertThat(RenditionKeys.version(SHA)).isEqualTo("0123456789ab");
    assertThat(RenditionKeys.versionOf("songs/s-000042/256.0123456789ab.mp3")).isEqualTo("0123456789ab");
  }

  @Test
  void aNewMasterGetsNewKeys() {
    String other = "f" + SHA.substring(1);
    assertThat(RenditionKeys.key("s1", 256, other)).isNotEqualTo(RenditionKeys.key("s1", 256, SHA));
  }

  @Test
  void onlyTheThreeBitratesAndRealHashes() {
    assertThat(RenditionKeys.BITRATES).containsExactly(128, 256, 320);
    assertThatThrownBy(() -> RenditionKeys.key("s1", 192, SHA)).hasMessageContaining("no rendition at 192 kbps");
    assertThatThrownBy(() -> RenditionKeys.key("s1", 128, "ABC")).hasMessageContaining("not a lower-case hex SHA-256");
    assertThatThrownBy(() -> RenditionKeys.key("s1", 128, SHA.toUpperCase())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RenditionKeys.versionOf("songs/s1/128.mp3")).hasMessageContaining("not a rendition key");
  }
}
