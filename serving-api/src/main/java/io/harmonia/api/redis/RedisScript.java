package io.harmonia.api.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script that runs atomically in Redis, sent by its SHA-1 ({@code EVALSHA}) so that each call
 * carries only its arguments. A Redis that has not seen the script yet (a fresh or restarted one)
 * answers NOSCRIPT; the script is then sent once in full ({@code EVAL}, which also caches it).
 */
public final class RedisScript {

  private final String source;
  private final String sha1;

  private RedisScript(String source) {
    this.source = source;
    this.sha1 = sha1Hex(source);
  }

  /** The script in the class path resource {@code name} (e.g. {@code /redis/token-bucket.lua}). */
  public static RedisScript fromResource(String name) {
    try (InputStream in = RedisScript.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no Lua script at " + name + " on the class path");
      }
      return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Object run(JedisPooled redis, List<String> keys, List<String> args) {
    try {
      return redis.evalsha(sha1, keys, args);
    } catch (JedisNoScriptException e) {
      return redis.eval(source, keys, args);
    }
  }

  private static String sha1Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
