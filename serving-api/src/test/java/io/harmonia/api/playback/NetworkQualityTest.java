package io.harmonia.api.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.api.catalog.Song.Rendition;
import io.harmonia.api.http.ApiProblem;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkQualityTest {

  @ParameterizedTest
  @CsvSource({"low,LOW", "medium,MEDIUM", "high,HIGH", "HIGH,HIGH", " Low ,LOW"})
  void parsesTheHeaderWhateverItsCase(String header, NetworkQuality expected) {
    assertThat(NetworkQuality.fromHeader(header)).isEqualTo(expected);
  }

  @Test
  void noHeaderMeansHigh() {
    assertThat(NetworkQuality.fromHeader(null)).isEqualTo(NetworkQuality.HIGH);
    assertThat(NetworkQuality.fromHeader(" ")).isEqualTo(NetworkQuality.HIGH);
  }

  @Test
  void anyOtherValueIsABadRequest() {
    assertThatThrownBy(() -> NetworkQuality.fromHeader("ultra"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(400));
  }

  @Test
  void qualitiesMapToBitrates() {
    assertThat(NetworkQuality.LOW.bitrate()).isEqualTo(128);
    assertThat(NetworkQuality.MEDIUM.bitrate()).isEqualTo(256);
    assertThat(NetworkQuality.HIGH.bitrate()).isEqualTo(320);
  }

  @ParameterizedTest(name = "{0} with renditions [{1}] -> {2}")
  @CsvSource({
      "LOW, 128 256 320, 128",
      "MEDIUM, 128 256 320, 256",
      "HIGH, 128 256 320, 320",
      "HIGH, 128 256, 256",      // the best one below
      "HIGH, 128, 128",
      "MEDIUM, 128 320, 128",    // below first, even when one above exists
      "LOW, 256 320, 256",       // else the lowest above
      "MEDIUM, 320, 320",
  })
  void choosesTheBestAtOrBelowElseTheLowestAbove(NetworkQuality quality, String available, int expected) {
    List<Rendition> renditions = Arrays.stream(available.split(" "))
        .map(b -> new Rendition(Integer.parseInt(b), "songs/x/" + b + ".mp3", 1000)).toList();
    assertThat(quality.choose(renditions)).map(Rendition::bitrate).contains(expected);
  }

  @Test
  void aSongWithoutRenditionsHasNoChoice() {
    assertThat(NetworkQuality.HIGH.choose(List.of())).isEqualTo(Optional.empty());
  }

  @ParameterizedTest(name = "{0} for a {1} listener on a song encoded at {2} -> {3}")
  @CsvSource({
      "HIGH, FREE, 128 256 320, 128",
      "MEDIUM, FREE, 128 256 320, 128",
      "LOW, PREMIUM, 128 256 320, 128",
      "HIGH, PREMIUM, 128 256 320, 320",
      "HIGH, FREE, 256 320, 256",      // encoded only above the cap: its lowest rendition, not nothing
      "HIGH, GOLD, 128 256 320, 128",  // a tier the API does not know gets the FREE cap
  })
  void theTierCapsWhatTheNetworkAsksFor(NetworkQuality quality, String tier, String available, int expected) {
    TierCaps caps = new TierCaps(128);
    List<Rendition> renditions = Arrays.stream(available.split(" "))
        .map(b -> new Rendition(Integer.parseInt(b), "songs/x/" + b + ".mp3", 1000)).toList();
    int cap = caps.maxBitrate(tier);
    assertThat(quality.capped(cap).choose(caps.allowed(renditions, cap))).map(Rendition::bitrate).contains(expected);
    assertThat(caps.allowed(renditions, cap)).allSatisfy(r -> assertThat(r.bitrate()).isLessThanOrEqualTo(Math.max(cap, 256)));
  }
}
