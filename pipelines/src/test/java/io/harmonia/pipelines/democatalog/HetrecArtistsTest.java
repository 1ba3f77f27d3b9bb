package io.harmonia.pipelines.democatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HetrecArtistsTest {

  static final Path FIXTURE = Path.of("src/test/resources/hetrec/artists.dat");

  @Test
  void readsTheNameColumnSkippingBlankOverlongAndRepeatedNames() throws Exception {
    assertThat(HetrecArtists.read(FIXTURE))
        .containsExactly("MALICE MIZER", "Björk", "Sigur Rós", "Motörhead", "Λένα Πλάτωνος");
  }

  @Test
  void refusesAFileWithoutTheHeader(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.dat");
    Files.writeString(file, "1\tSomeone\thttp://x\thttp://y\n");

    assertThatThrownBy(() -> HetrecArtists.read(file)).hasMessageContaining("does not look like HetRec artists.dat");
  }

  @Test
  void undecodableBytesAreSkippedNotFatal(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.dat");
    byte[] header = "id\tname\turl\tpictureURL\n1\tGood\tu\tp\n2\tBad".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xff, (byte) 0xfe};
    byte[] tail = "\tu\tp\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.write(file, concat(header, bad, tail));

    assertThat(HetrecArtists.read(file)).containsExactly("Good");
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
