package io.harmonia.api.auth;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, one {@link Mac} per thread (a Mac is not thread-safe, and building one
 * per call costs more than the MAC itself): what the token, stream-URL and play_id signers share.
 */
public final class HmacSha256 {

  private final ThreadLocal<Mac> macs;

  public HmacSha256(byte[] key) {
    SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(() -> newMac(spec));
  }

  public byte[] mac(byte[] input) {
    return macs.get().doFinal(input);
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
