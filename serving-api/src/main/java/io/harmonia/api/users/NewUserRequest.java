package io.harmonia.api.users;

import io.harmonia.api.http.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/users}, and the rules it must meet before anything is stored. The
 * subscription is the server's: a new account is FREE, {@code subscription} may be left out or be
 * {@code FREE} (older clients send it), and any other value is refused, never stored.
 */
public record NewUserRequest(String email, String password, String displayName, String subscription) {

  static final int MIN_PASSWORD = 8;
  static final int MAX_PASSWORD = 1024;
  static final int MAX_DISPLAY_NAME = 100;
  /** The tier of every new account. Only an operator changes it ({@code bin/platform admin set-tier}). */
  static final String FREE = "FREE";

  // local@domain.tld: the HTML living standard's address syntax, with at least one dot in the domain
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
          + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  /** The validated values (email and display name trimmed), or a 400 that lists every problem. */
  public NewUserRequest validated() {
    List<String> problems = new ArrayList<>();
    String cleanEmail = email == null ? null : email.trim();
    if (cleanEmail == null || cleanEmail.isEmpty()) {
      problems.add("email is required");
    } else if (cleanEmail.length() > 254 || !EMAIL.matcher(cleanEmail).matches()) {
      problems.add("email must be an address like name@example.com");
    }
    if (password == null) {
      problems.add("password is required");
    } else if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      problems.add("password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
    }
    String cleanName = displayName == null ? null : displayName.strip();
    if (cleanName == null || cleanName.isEmpty()) {
      problems.add("display_name is required");
    } else if (cleanName.codePointCount(0, cleanName.length()) > MAX_DISPLAY_NAME
        || cleanName.codePoints().anyMatch(Character::isISOControl)) {
      problems.add("display_name must be 1 to " + MAX_DISPLAY_NAME + " characters, without control characters");
    }
    if (subscription != null && !FREE.equals(subscription)) {
      problems.add("subscription cannot be chosen at sign-up: every account starts FREE, and the tier is changed by"
          + " the platform (leave the field out)");
    }
    if (!problems.isEmpty()) {
      throw ApiProblem.badRequest(String.join("; ", problems));
    }
    return new NewUserRequest(cleanEmail, password, cleanName, FREE);
  }
}
