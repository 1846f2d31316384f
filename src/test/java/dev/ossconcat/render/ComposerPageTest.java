package dev.ossconcat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The composer page in a real browser (headless Chromium from Debian's {@code chromium} and {@code chromium-driver},
 * which .ci/run installs), against the function with the embedded server and real FFmpeg rendering: browse the quick
 * start's samples, compose them with a trim, see a violation come and go, reorder by drag and by keyboard, submit, watch the
 * progress reach done and play the output. One browser session for the whole flow, to keep the suite's time down.
 * Without the browser the test fails, saying what to install: it is never skipped.
 */
@QuarkusTest
@TestProfile(LocalRenderTest.Rendering.class)
class ComposerPageTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

    /** The quick start's samples (render.QuickStartSamples): 4 s and 3 s. */
    static final long ONE_MS = 4000;

    static final long TWO_MS = 3000;
    static final long TRIM_MS = 1000;

    @TestHTTPResource("/")
    URL page;

    /** The main states, written under target/ when the flow fails. */
    final List<Map.Entry<String, byte[]>> shots = new ArrayList<>();

    WebDriver browser;

    @Test
    void composeTrimReorderSubmitWatchAndPlay() throws Exception {
        assertTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (Debian: apt-get install -y chromium chromium-driver, as .ci/run does; or set CHROMIUM"
                        + " and CHROMEDRIVER)");
        browser = start();
        try {
            flow();
        } catch (Throwable t) {
            shot("failed");
            for (Map.Entry<String, byte[]> s : shots) {
                Files.write(Path.of("target", "composer-" + s.getKey() + ".png"), s.getValue());
            }
            throw t;
        } finally {
            if (Boolean.getBoolean("composer.shots")) {
                for (Map.Entry<String, byte[]> s : shots) {
                    Files.write(Path.of("target", "composer-" + s.getKey() + ".png"), s.getValue());
                }
            }
            browser.quit();
        }
    }

    private void flow() {
        browser.get(page.toString());
        assertEquals("Video concat composer", browser.getTitle());

        // browse the samples
        browser.findElement(By.id("prefix")).sendKeys("samples/");
        browser.findElement(By.cssSelector("#browse-form button[type=submit]")).click();
        until("the two samples are listed", () -> clips().size() == 2);
        assertEquals("media", browser.findElement(By.id("bucket")).getDomProperty("value"));
        shot("browsed");

        // one clip is not a concat: the violation appears while editing, and goes when the second clip is added
        add("samples/one.mp4");
        until("a violation about the clip count", () -> text("violations").contains("clips"));
        shot("violation");
        add("samples/two.mp4");
        until(
                "the violation is gone",
                () -> items("violations").isEmpty() && text("check-status").contains("valid"));
        assertEquals(List.of("samples/one.mp4", "samples/two.mp4"), playlistKeys());

        // reorder by dragging two.mp4's handle onto one.mp4 (the browser's own drag events, as a mouse makes them)
        script("const [a, b] = document.querySelectorAll('#playlist li'); const data = new DataTransfer();"
                + "b.querySelector('.handle').dispatchEvent(new DragEvent('dragstart', {bubbles: true,"
                + " dataTransfer: data}));"
                + "a.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true,"
                + " dataTransfer: data}));"
                + "a.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));");
        until("two.mp4 dragged first", () -> playlistKeys().equals(List.of("samples/two.mp4", "samples/one.mp4")));
        // and by keyboard: Alt+Arrow down and up on the focused clip, the focus following it
        playlist().get(0).sendKeys(Keys.chord(Keys.ALT, Keys.ARROW_DOWN));
        until("two.mp4 moved down", () -> playlistKeys().equals(List.of("samples/one.mp4", "samples/two.mp4")));
        active().sendKeys(Keys.chord(Keys.ALT, Keys.ARROW_UP));
        until("two.mp4 moved up", () -> playlistKeys().equals(List.of("samples/two.mp4", "samples/one.mp4")));
        assertEquals(
                playlist().get(0).getDomAttribute("data-id"), active().getDomAttribute("data-id"), "focus follows");

        // trim one.mp4 (now second) to start at 1 s, with the keyboard on its Start slider
        WebElement start = playlist().get(1).findElement(By.cssSelector("input.start"));
        until("its duration is known from the preview", () -> start.isEnabled());
        for (int i = 0; i < TRIM_MS / 100; i++) {
            start.sendKeys(Keys.ARROW_RIGHT);
        }
        assertEquals(String.valueOf(TRIM_MS), start.getDomProperty("value"));
        long expected = TWO_MS + ONE_MS - TRIM_MS;
        until(
                "the plan shows the trimmed duration",
                () -> text("plan").contains(String.format("%.1f s", expected / 1000.0))
                        && !browser.findElement(By.id("submit"))
                                .getDomProperty("disabled")
                                .equals("true"));
        assertTrue(text("plan").contains("Tasks"), text("plan"));
        shot("composed");

        // submit, watch the progress reach done, and play the output
        browser.findElement(By.id("submit")).click();
        until(
                "the job is done",
                () -> "1".equals(browser.findElement(By.id("progress")).getDomProperty("value"))
                        && text("job-status").startsWith("Done"),
                Duration.ofSeconds(120));
        shot("done");
        until(
                "the output can play (readyState 3 or more)",
                () -> ((Number) script("return document.getElementById('output').readyState;")).intValue() >= 3);
        double duration = ((Number) script("return document.getElementById('output').duration;")).doubleValue();
        assertEquals(expected / 1000.0, duration, 0.35, "the output's duration in the browser");
        assertTrue(
                browser.findElement(By.id("output")).getDomProperty("src").contains("x-oss-signature"),
                "played from a presigned URL");
        shot("played");

        // on a phone's screen: one column, nothing wider than the screen
        browser.manage().window().setSize(new Dimension(390, 844));
        until(
                "the page fits a phone's width",
                () -> ((Number) script("return document.documentElement.scrollWidth - window.innerWidth;")).intValue()
                        <= 0);
        shot("phone");
    }

    private WebDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
                "--disable-dev-shm-usage",
                "--window-size=1280,1600",
                "--autoplay-policy=no-user-gesture-required",
                "--mute-audio");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        return new ChromeDriver(service, options);
    }

    private void add(String key) {
        WebElement clip = clips().stream()
                .filter(c -> key.equals(c.getDomAttribute("data-key")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(key + " is not listed"));
        clip.findElement(By.cssSelector("button.add")).click();
    }

    private List<WebElement> clips() {
        return browser.findElements(By.cssSelector("#clips li"));
    }

    private List<WebElement> playlist() {
        return browser.findElements(By.cssSelector("#playlist li"));
    }

    private List<WebElement> items(String listId) {
        return browser.findElements(By.cssSelector("#" + listId + " li"));
    }

    private List<String> playlistKeys() {
        return playlist().stream()
                .map(li -> li.findElement(By.cssSelector("p.name")).getText().replaceFirst("^.*?\\d+\\. ", ""))
                .toList();
    }

    private WebElement active() {
        return browser.switchTo().activeElement();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    private void until(String what, java.util.function.BooleanSupplier condition) {
        until(what, condition, Duration.ofSeconds(20));
    }

    private void until(String what, java.util.function.BooleanSupplier condition, Duration timeout) {
        try {
            new WebDriverWait(browser, timeout, Duration.ofMillis(200)).until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("waited " + timeout.toSeconds() + " s for: " + what + "; check: " + text("check-status") + "; job: "
                    + text("job-status"));
        }
    }

    private void shot(String state) {
        try {
            shots.add(Map.entry(state, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES)));
        } catch (RuntimeException e) {
            // a screenshot is evidence for a failure, never a failure of its own
        }
    }

    static {
        try {
            Files.createDirectories(Path.of("target"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
