package io.harmonia.pipelines.ingest.audio;

/** An audio file that cannot be decoded or encoded; the message says why, for the run summary. */
public final class AudioException extends Exception {
  private static final long serialVersionUID = 1L;

  public AudioException(String message) {
    super(message);
  }
}
