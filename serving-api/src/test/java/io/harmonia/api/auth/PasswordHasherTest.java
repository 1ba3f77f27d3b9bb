package io.harmonia.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = PasswordHasher.owaspDefaults();

  @Test
  void theHashCarriesItsParametersAndVerifies() {
    String hash = hasher.hash("correct horse battery staple");

    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
    assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
    assertThat(hasher.verify("correct horse battery stapler", hash)).isFalse();
    assertThat(hasher.verify("", hash)).isFalse();
  }

  @Test
  void eachHashHasItsOwnSalt() {
    assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
  }

  @Test
  void hashesMadeWithOtherParametersStillVerify() {
    String cheaper = new PasswordHasher(8 * 1024, 1, 1).hash("an older password");
    assertThat(cheaper).startsWith("$argon2id$v=19$m=8192,t=1,p=1$");
    assertThat(hasher.verify("an older password", cheaper)).isTrue();
  }

  @Test
  void verifiesAHashMadeByTheReferenceImplementation() {
    // Made independently with the argon2-cffi bindings of the reference C implementation:
    // python3 -c 'from argon2 import PasswordHasher as P; print(P(time_cost=2, memory_cost=19456, parallelism=1).hash("correct horse battery staple", salt=b"harmonia-salt-16"))'
    String reference = "$argon2id$v=19$m=19456,t=2,p=1$aGFybW9uaWEtc2FsdC0xNg$gKt/+z8HdzRd/igV+kvyzLIyn3M+PRzkLrtQeA79w6w";
    assertThat(hasher.verify("correct horse battery staple", reference)).isTrue();
    assertThat(hasher.verify("Correct horse battery staple", reference)).isFalse();
  }

  @Test
  void anUnreadableStoredHashNeverMatches() {
    assertThat(hasher.verify("x", null)).isFalse();
    assertThat(hasher.verify("x", "plaintext")).isFalse();
    assertThat(hasher.verify("x", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo")).isFalse();
  }
}
