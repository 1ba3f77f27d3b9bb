package io.harmonia.api.users;

/** A listener's account as the API shows it (never with its password hash). */
public record User(String userId, String email, String displayName, String subscription) {}
