package io.harmonia.system.listen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a player would find in a file: ffprobe's codec, bit rate and duration of its first audio stream,
 * and whatever ffmpeg reports while decoding all of it (nothing for a complete, valid file).
 */
record Mp3Probe(String codec, long bitRate, double durationSeconds, String decodeErrors) {

  static Mp3Probe of(Path file) throws IOException, InterruptedException {
    JsonNode probe = new ObjectMapper().readTree(run(List.of("ffprobe", "-v", "error", "-select_streams", "a:0",
        "-show_entries", "stream=codec_name,bit_rate:format=duration", "-of", "json", file.toString())));
    JsonNode stream = probe.at("/streams/0");
    String decodeErrors = run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-"));
    return new Mp3Probe(stream.path("codec_name").asText(), stream.path("bit_rate").asLong(),
        probe.at("/format/duration").asDouble(), decodeErrors.strip());
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
