package io.harmonia.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

  @Test
  void separatesTheJobsOptionsFromBeamsInBothSpellings() {
    JobArguments a = JobArguments.parse(new String[] {"--date", "2026-01-31", "--verify", "--runner=DirectRunner",
        "--window=PT10M"}, Set.of("date", "window"), Set.of("verify"));
    assertThat(a.value("date")).contains("2026-01-31");
    assertThat(a.value("window")).contains("PT10M");
    assertThat(a.flag("verify")).isTrue();
    assertThat(a.beamArgs()).containsExactly("--runner=DirectRunner");
  }

  @Test
  void refusesMissingValuesRepeatsAndStrayWords() {
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--date"}, Set.of("date"), Set.of()))
        .hasMessageContaining("--date needs a value");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--date", "--verify"}, Set.of("date"), Set.of("verify")))
        .hasMessageContaining("--date needs a value");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--date=a", "--date=b"}, Set.of("date"), Set.of()))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"2026-01-31"}, Set.of("date"), Set.of()))
        .hasMessageContaining("unexpected argument");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--verify=yes"}, Set.of(), Set.of("verify")))
        .hasMessageContaining("takes no value");
  }
}
