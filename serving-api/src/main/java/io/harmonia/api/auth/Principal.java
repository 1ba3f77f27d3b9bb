package io.harmonia.api.auth;

import java.time.Instant;

/** Who a valid bearer token speaks for, as the token says it (no database read per request). */
public record Principal(String userId, String subscription, Instant tokenExpiresAt) {}
