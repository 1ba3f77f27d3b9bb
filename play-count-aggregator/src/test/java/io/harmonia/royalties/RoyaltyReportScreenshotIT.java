package io.harmonia.royalties;

import static io.harmonia.royalties.RoyaltyExportIT.get;
import static io.harmonia.royalties.RoyaltyExportIT.job;
import static io.harmonia.royalties.RoyaltyExportIT.judged;
import static io.harmonia.royalties.RoyaltyExportIT.play;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.testing.Stores;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciliation report of a day, opened in a real Chromium (headless screenshot): the chart
 * of qualified plays per hour is drawn — one bar per hour that has plays, the tallest for the
 * busiest hour — and the page loads nothing from elsewhere. Chromium is Debian's
 * ({@code HARMONIA_CHROMIUM}, default {@code /usr/bin/chromium}; {@code bin/platform test}
 * installs it).
 */
class RoyaltyReportScreenshotIT {

  @BeforeAll
  static void connect() {
    RoyaltyExportIT.stores = new Stores();
    RoyaltyExportIT.s3 = ObjectStoreClients.s3(RoyaltyExportIT.stores.config);
  }

  @AfterAll
  static void disconnect() {
    RoyaltyExportIT.disconnect();
  }

  @Test
  void theReportShowsTheChartOfQualifiedPlaysPerHour(@TempDir Path tmp) throws Exception {
    Stores stores = RoyaltyExportIT.stores;
    String run = Stores.runId();
    LocalDate day = Stores.unusedDay();
    String song = "rs-" + run + "-1";
    stores.catalog("rs-" + run + "-a", song);
    // qualified plays in 12 of the 24 hours, most at 20:00; a disqualified play at 03:00 draws no bar
    int[] perHour = new int[24];
    for (int hour = 8; hour < 20; hour++) {
      perHour[hour] = 1 + (hour % 4);
    }
    perHour[20] = 9;
    perHour[8] = 0;
    int hoursWithPlays = 0;
    for (int hour = 0; hour < 24; hour++) {
      for (int i = 0; i < perHour[hour]; i++) {
        stores.store(play("u" + i, song, day, String.format("%02d:%02d:00", hour, i), 60_000, i % 2 == 0 ? "FREE" : "PREMIUM"));
      }
      hoursWithPlays += perHour[hour] > 0 ? 1 : 0;
    }
    stores.store(judged(play("u99", song, day, "03:00:00", 60_000, "FREE"), false, "overlapping"));
    JsonNode export = job("--date", day.toString(), "--cutoff", day.plusDays(1) + "T02:00:00Z", "--runner=DirectRunner");

    byte[] html = get(export.path("manifest").path("report").asText());
    String page = new String(html, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(page).contains("<svg id=\"qualified-per-hour\"").doesNotContain("<script").doesNotContain("<link")
        .doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("@import")
        .contains("<th>overlapping</th>");
    Path report = tmp.resolve("report.html");
    Files.write(report, html);
    Path png = tmp.resolve("report.png");
    screenshot(report, png);

    // kept for a person to look at: target/royalty-report-screenshot.png
    Files.copy(png, Path.of("target", "royalty-report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("Chromium wrote no PNG").isNotNull();
    // the bars: columns of the chart's colour; count them as runs of adjacent x with such pixels
    int bar = Integer.parseInt(ReconciliationReport.BAR_COLOUR.substring(1), 16);
    int[] height = new int[image.getWidth()];
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        if (close(image.getRGB(x, y) & 0xffffff, bar)) {
          height[x]++;
        }
      }
    }
    List<Integer> bars = new ArrayList<>(); // the height of each bar, left to right
    for (int x = 0; x < height.length; x++) {
      if (height[x] > 0 && (x == 0 || height[x - 1] == 0)) {
        bars.add(height[x]);
      } else if (height[x] > 0) {
        bars.set(bars.size() - 1, Math.max(bars.get(bars.size() - 1), height[x]));
      }
    }
    assertThat(bars).as("bars drawn in the screenshot").hasSize(hoursWithPlays);
    int tallest = bars.stream().mapToInt(Integer::intValue).max().orElse(0);
    assertThat(tallest).as("the busiest hour's bar, in pixels").isGreaterThan(100);
    assertThat(bars.get(bars.size() - 1)).as("20:00 is the busiest hour, the last bar").isEqualTo(tallest);
    assertThat(bars.get(0)).as("a bar of 2 plays is 2/9 of the tallest")
        .isBetween(tallest * 2 / 9 - 3, tallest * 2 / 9 + 3);
  }

  private static boolean close(int rgb, int expected) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xff) - ((expected >> shift) & 0xff)) > 8) {
        return false;
      }
    }
    return true;
  }

  private static void screenshot(Path page, Path png) throws Exception {
    String chromium = System.getenv().getOrDefault("HARMONIA_CHROMIUM", "/usr/bin/chromium");
    assertThat(Path.of(chromium)).as("Chromium is missing: apt-get install chromium (bin/platform test installs it)")
        .isExecutable();
    Path profile = Files.createDirectories(page.getParent().resolve("profile"));
    Path log = page.getParent().resolve("chromium.log");
    Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--user-data-dir=" + profile, "--window-size=1200,1600", "--screenshot=" + png, page.toUri().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish its screenshot in 120 s: " + Files.readString(log));
    }
    assertThat(p.exitValue()).as("Chromium's exit code; log: %s", Files.readString(log)).isZero();
    assertThat(png).as("Chromium's log: %s", Files.readString(log)).exists();
  }
}
