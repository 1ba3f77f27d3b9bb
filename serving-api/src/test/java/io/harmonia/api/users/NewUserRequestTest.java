package io.harmonia.api.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.api.http.ApiProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NewUserRequestTest {

  private static NewUserRequest valid() {
    return new NewUserRequest("ada@example.com", "s3cret-enough", "Ada", "FREE");
  }

  @Test
  void aValidRequestIsTrimmed() {
    NewUserRequest clean = new NewUserRequest("  ada@example.com ", "s3cret-enough", "  Ada L. ", null).validated();
    assertThat(clean.email()).isEqualTo("ada@example.com");
    assertThat(clean.displayName()).isEqualTo("Ada L.");
    assertThat(clean.password()).isEqualTo("s3cret-enough");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ada", "ada@", "@example.com", "ada@example", "ada @example.com", "ada@exa mple.com",
      "a@b@example.com", "ada@-example.com"})
  void malformedEmailsAreRefused(String email) {
    assertProblem(new NewUserRequest(email, "s3cret-enough", "Ada", "FREE"), "email");
  }

  @Test
  void anEmailLongerThan254IsRefused() {
    String email = "a".repeat(60) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "." + "e".repeat(20) + ".com";
    assertProblem(new NewUserRequest(email, "s3cret-enough", "Ada", "FREE"), "email");
  }

  @Test
  void passwordsShorterThanEightAreRefused() {
    assertProblem(new NewUserRequest("ada@example.com", "1234567", "Ada", "FREE"), "password must be 8");
    assertThat(new NewUserRequest("ada@example.com", "12345678", "Ada", "FREE").validated()).isNotNull();
  }

  @Test
  void displayNamesAreOneToHundredCharacters() {
    assertProblem(new NewUserRequest("ada@example.com", "s3cret-enough", "   ", "FREE"), "display_name is required");
    assertProblem(new NewUserRequest("ada@example.com", "s3cret-enough", "x".repeat(101), "FREE"), "display_name");
    assertProblem(new NewUserRequest("ada@example.com", "s3cret-enough", "bad\u0000name", "FREE"), "display_name");
    assertThat(new NewUserRequest("ada@example.com", "s3cret-enough", "é".repeat(100), "FREE").validated()).isNotNull();
  }

  @Test
  void everyAccountStartsFreeAndNoOtherTierCanBeChosen() {
    assertThat(new NewUserRequest("ada@example.com", "s3cret-enough", "Ada", null).validated().subscription()).isEqualTo("FREE");
    assertThat(new NewUserRequest("ada@example.com", "s3cret-enough", "Ada", "FREE").validated().subscription()).isEqualTo("FREE");
    assertProblem(new NewUserRequest("ada@example.com", "s3cret-enough", "Ada", "PREMIUM"), "subscription cannot be chosen");
    assertProblem(new NewUserRequest("ada@example.com", "s3cret-enough", "Ada", "GOLD"), "subscription cannot be chosen");
  }

  @Test
  void everyProblemIsListedAtOnce() {
    assertThatThrownBy(() -> new NewUserRequest(null, null, null, null).validated())
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.detail())
            .contains("email is required", "password is required", "display_name is required"));
  }

  @Test
  void theValidExampleIsValid() {
    assertThat(valid().validated()).isEqualTo(valid());
  }

  private static void assertProblem(NewUserRequest request, String detailPart) {
    assertThatThrownBy(request::validated).isInstanceOfSatisfying(ApiProblem.class, p -> {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.detail()).contains(detailPart);
    });
  }
}
