package io.harmonia.pipelines.plays;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * A record of {@code play-events} the pipeline refused, as it goes to {@code play-events-dlq}
 * ({@code events/play-event-dlq/v1.json}): why, where it was, and its bytes untouched.
 */
public record DeadLetter(String reason, String sourceTopic, int partition, long offset, String key,
    byte[] original, Instant failedAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The DLQ record's value. */
  public byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("reason", reason);
    node.put("source_topic", sourceTopic);
    node.put("partition", partition);
    node.put("offset", offset);
    node.put("key", key);
    node.put("original_base64", Base64.getEncoder().encodeToString(original));
    node.put("failed_at", failedAt.toString());
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter d && partition == d.partition && offset == d.offset
        && reason.equals(d.reason) && sourceTopic.equals(d.sourceTopic) && Objects.equals(key, d.key)
        && Arrays.equals(original, d.original) && failedAt.equals(d.failedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceTopic, partition, offset);
  }

  @Override
  public String toString() {
    return "DeadLetter[" + sourceTopic + "/" + partition + "@" + offset + ": " + reason + "]";
  }

  public static final class Coder extends AtomicCoder<DeadLetter> {
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();
    private static final NullableCoder<String> OPTIONAL_TEXT = NullableCoder.of(TEXT);

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeadLetter value, OutputStream out) throws IOException {
      TEXT.encode(value.reason(), out);
      TEXT.encode(value.sourceTopic(), out);
      VarIntCoder.of().encode(value.partition(), out);
      VarLongCoder.of().encode(value.offset(), out);
      OPTIONAL_TEXT.encode(value.key(), out);
      ByteArrayCoder.of().encode(value.original(), out);
      VarLongCoder.of().encode(value.failedAt().toEpochMilli(), out);
    }

    @Override
    public DeadLetter decode(InputStream in) throws IOException {
      return new DeadLetter(TEXT.decode(in), TEXT.decode(in), VarIntCoder.of().decode(in),
          VarLongCoder.of().decode(in), OPTIONAL_TEXT.decode(in), ByteArrayCoder.of().decode(in),
          Instant.ofEpochMilli(VarLongCoder.of().decode(in)));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
