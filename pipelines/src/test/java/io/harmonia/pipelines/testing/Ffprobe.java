package io.harmonia.pipelines.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What ffprobe says about an audio file's first stream: for assertions on encoded renditions. */
public record Ffprobe(String codec, long bitRate, int sampleRate, int channels) {

  public static Ffprobe of(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "a:0",
        "-show_entries", "stream=codec_name,bit_rate,sample_rate,channels", "-of", "json", file.toString())
        .redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ffprobe failed on " + file + ": " + new String(out));
    }
    JsonNode stream = new ObjectMapper().readTree(out).get("streams").get(0);
    return new Ffprobe(stream.get("codec_name").asText(), stream.get("bit_rate").asLong(),
        stream.get("sample_rate").asInt(), stream.get("channels").asInt());
  }
}
