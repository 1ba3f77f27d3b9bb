package io.harmonia.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format,
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded base64), so the parameters travel
 * with each hash: raising them later leaves older hashes verifiable. The defaults are OWASP's
 * minimum recommendation for Argon2id (19 MiB, 2 passes, 1 lane).
 */
public final class PasswordHasher {

  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,172})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher(int memoryKiB, int iterations, int parallelism) {
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
  }

  public static PasswordHasher owaspDefaults() {
    return new PasswordHasher(19 * 1024, 2, 1);
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] hash = argon2id(password, salt, memoryKiB, iterations, parallelism, 32);
    return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
        + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** True when the password matches; false for a wrong password or an unreadable stored hash. */
  public boolean verify(String password, String stored) {
    Matcher m = stored == null ? null : PHC.matcher(stored);
    if (m == null || !m.matches()) {
      return false;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual = argon2id(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)), expected.length);
    return MessageDigest.isEqual(expected, actual); // constant time
  }

  private static byte[] argon2id(String password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKiB)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
