package io.harmonia.pipelines.ingest;

import java.io.Serializable;

/**
 * One MP3 rendition of a song on its way to the catalog: encoded to a local file, then stored in
 * the bucket; or found already stored; or failed (with the stage and reason).
 *
 * @param localFile the encoded file between the encode and upload steps; null once stored
 * @param durationMs decoded duration of the rendition
 * @param sha256 SHA-256 of the rendition's bytes
 * @param encoded this run encoded it
 * @param uploaded this run uploaded it
 */
public record Rendition(
    String songId,
    int bitrate,
    String objectKey,
    String localFile,
    long sizeBytes,
    long durationMs,
    String sha256,
    boolean encoded,
    boolean uploaded,
    SongOutcome.Stage failedStage,
    String failure) implements Serializable {

  public static Rendition encoded(String songId, int bitrate, String objectKey, String localFile, long sizeBytes,
      long durationMs, String sha256) {
    return new Rendition(songId, bitrate, objectKey, localFile, sizeBytes, durationMs, sha256, true, false, null, null);
  }

  /** Already in the bucket (a previous run stored it but did not get to write the rows). */
  public static Rendition foundStored(String songId, int bitrate, String objectKey, long sizeBytes, long durationMs,
      String sha256) {
    return new Rendition(songId, bitrate, objectKey, null, sizeBytes, durationMs, sha256, false, false, null, null);
  }

  public static Rendition failed(String songId, int bitrate, String objectKey, SongOutcome.Stage stage, String reason) {
    return new Rendition(songId, bitrate, objectKey, null, 0, 0, null, false, false, stage, reason);
  }

  public boolean isFailed() {
    return failure != null;
  }

  /** The rendition as stored in the bucket: the local file is gone. */
  public Rendition stored(long storedSize, long storedDurationMs, String storedSha256, boolean uploadedNow) {
    return new Rendition(songId, bitrate, objectKey, null, storedSize, storedDurationMs, storedSha256, encoded,
        uploadedNow, null, null);
  }

  public Rendition withoutLocalFile() {
    return new Rendition(songId, bitrate, objectKey, null, sizeBytes, durationMs, sha256, encoded, uploaded,
        failedStage, failure);
  }
}
