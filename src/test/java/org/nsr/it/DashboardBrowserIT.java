package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ExternalTools;
import org.nsr.testing.HeadlessChromium;
import org.nsr.testing.JarProcess;

/**
 * The page in a real browser (Debian's chromium, headless, through the DevTools protocol) against
 * the packaged recorder recording the NDTwin simulator and a flow generator: the charts fill, the
 * numbers shown equal {@code /metrics} within one refresh, no console error, a screenshot is kept
 * as {@code target/dashboard-screenshot.png}, and over 60 s of one update a second the JS heap
 * after a collection stays flat.
 */
class DashboardBrowserIT {
    private static final Pattern SIM = Pattern.compile("NDTwin simulator serving (http://[0-9.]+:\\d+) ");
    private static final Pattern DASHBOARD = Pattern.compile("dashboard on (http://[0-9.]+:\\d+)/");
    private static final Pattern METRICS = Pattern.compile("metrics and health on (http://[0-9.]+:\\d+)/metrics");
    /** One refresh (1 s) plus delivery to a page on a loaded two-core machine. */
    private static final long ONE_REFRESH_MILLIS = 1_000;
    private static final long DELIVERY_SLACK_MILLIS = 1_500;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    /** One /metrics read: when, and its text. */
    private record Scrape(long atMillis, String text) {
    }

    private static String await(JarProcess p, Pattern pattern, String what) throws Exception {
        AtomicReference<String> url = new AtomicReference<>();
        JarProcess.awaitCondition(what, 90, () -> {
            Matcher m = pattern.matcher(p.output());
            if (m.find()) {
                url.set(m.group(1));
            }
            return url.get() != null;
        });
        return url.get();
    }

    private Scrape scrape(String metricsUrl) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(metricsUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return new Scrape(System.currentTimeMillis(), r.body());
    }

    /** The sum of a family's samples whose label text contains every given {@code k="v"}. */
    static double value(String exposition, String family, String... labels) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(family + "{") && !line.startsWith(family + " ")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void thePageShowsLiveDataEqualToMetricsWithNoConsoleErrorAndItsHeapStaysFlatForAMinute() throws Exception {
        ExternalTools.requireTool("chromium", "chromium");
        try (JarProcess sim = JarProcess.start(work, work.resolve("sim.log"), "simulate", "--port", "0", "--seed", "7",
                "--hosts", "16", "--flows", "40")) {
            String kernel = await(sim, SIM, "the simulator's URL");
            Path cfg = work.resolve("nsr.yaml");
            Files.writeString(cfg, """
                    Recorder:
                      data:
                        ndtwin_kernel: "%s"
                        request_interval: "500ms"
                        storage_interval: "5s"
                        display_on_console: true
                        log_level: "INFO"
                        output_dir: "./out"
                        file_timezone: "UTC"
                        metrics: {listen: "127.0.0.1:0"}
                        dashboard: {listen: "127.0.0.1:0", refresh: "1s"}
                        detect: {}
                        sources:
                          - {name: flowinfo, type: http, path: /ndt/get_detected_flow_data}
                          - {name: flows, type: generator, threads: 1, rate: 300}
                    """.formatted(kernel));
            try (JarProcess nsr = JarProcess.start(work, work.resolve("record.log"), "record", "--config", cfg.toString());
                    HeadlessChromium browser = HeadlessChromium.start(work.resolve("profile"), work.resolve("chromium.log"))) {
                String page = await(nsr, DASHBOARD, "the dashboard's URL");
                String metricsUrl = await(nsr, METRICS, "the metrics URL");
                browser.navigate(page + "/");
                JarProcess.awaitCondition("charts with data and both sources shown", 90, () -> {
                    try {
                        return browser.eval("(+document.getElementById('rateChart').dataset.points || 0) >= 3"
                                + " && !!document.querySelector('#rateChart canvas')"
                                + " && !!document.querySelector('#trafficChart canvas')"
                                + " && document.querySelectorAll('[data-source]').length >= 2"
                                + " && window.nsrLast.traffic.flows_total > 0").asBoolean();
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertEquals("live", browser.eval("document.getElementById('status').textContent").asText());

                // The numbers shown against /metrics: a counter only grows, so what the page shows lies between
                // a scrape made one refresh (plus delivery) before the DOM was read and one made after.
                Scrape before = scrape(metricsUrl);
                while (System.currentTimeMillis() < before.atMillis() + ONE_REFRESH_MILLIS + DELIVERY_SLACK_MILLIS) {
                    Thread.sleep(50); // let one refresh (and its delivery) pass after the first scrape
                }
                JsonNode shown = browser.eval("Object.fromEntries([...document.querySelectorAll('[data-key]')]"
                        + ".map(e => [e.dataset.key, +e.dataset.value]))");
                Scrape after = scrape(metricsUrl);
                assertShown(shown, "records:flows", before, after, "nsr_source_records_total", "source=\"flows\"");
                assertShown(shown, "polls_ok:flowinfo", before, after, "nsr_source_polls_total",
                        "source=\"flowinfo\"", "result=\"ok\"");
                assertShown(shown, "writer_files", before, after, "nsr_writer_files_total");
                assertShown(shown, "writer_bytes", before, after, "nsr_writer_bytes_total");
                assertShown(shown, "alerts_total", before, after, "nsr_detect_alerts_total");
                assertShown(shown, "sampled_out", before, after, "nsr_analysis_records_total", "result=\"sampled_out\"");
                assertTrue(shown.get("records:flows").asDouble() > 0, "the generator's records are shown: " + shown);

                Path shot = Path.of("target", "dashboard-screenshot.png");
                browser.screenshot(shot);
                assertTrue(Files.size(shot) > 20_000, "a screenshot was saved to " + shot.toAbsolutePath());

                // A minute of updates: the heap after a collection stays flat (the page trims every array).
                long ticks0 = browser.eval("window.nsrTicks").asLong();
                long heap0 = browser.heapUsedAfterGc();
                long heapMax = heap0;
                long end = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < end) {
                    Thread.sleep(10_000); // time passing is what is tested: one heap sample every 10 s
                    heapMax = Math.max(heapMax, browser.heapUsedAfterGc());
                }
                long ticks = browser.eval("window.nsrTicks").asLong() - ticks0;
                long heap1 = browser.heapUsedAfterGc();
                assertTrue(ticks >= 45, "about one update a second for 60 s, got " + ticks);
                assertTrue(heap1 <= heap0 * 1.2 + 512 * 1024, "JS heap after GC stays flat: " + heap0 + " B at the start, "
                        + heap1 + " B after 60 s (" + ticks + " updates), at most " + heapMax + " B in between");
                assertEquals(List.of(), browser.errors(), "no console error, exception or failed load");
                nsr.sigterm();
                assertEquals(0, nsr.awaitExit(90), nsr.output());
                recordingPage(browser);
            }
            sim.sigterm();
            sim.awaitExit(30);
        }
    }

    /** {@code nsr dashboard out}: the finished recording's page, its slider moved by the page's own input event. */
    private void recordingPage(HeadlessChromium browser) throws Exception {
        try (JarProcess page = JarProcess.start(work, work.resolve("dashboard.log"), "dashboard", "out", "--listen",
                "127.0.0.1:0")) {
            String url = await(page, Pattern.compile("recording dashboard on (http://[0-9.]+:\\d+)/"), "the page's URL");
            browser.navigate(url + "/");
            JarProcess.awaitCondition("the recording's state at its end", 60, () -> {
                try {
                    return browser.eval("!!window.nsrLast && +document.getElementById('rateChart').dataset.points === 300"
                            + " && window.nsrLast.sources.length === 2").asBoolean();
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode range = browser.eval("({from: +slider.dataset.from, to: +slider.dataset.to, at: window.nsrLast.time})");
            assertEquals(range.get("to").asLong(), range.get("at").asLong(), "the slider starts at the recording's end");
            long middle = (range.get("from").asLong() + range.get("to").asLong()) / 2;
            long chosen = browser.eval("slider.value = " + middle + "; slider.dispatchEvent(new Event('input'));"
                    + " +slider.value").asLong(); // the input snaps to its 1 s steps
            assertTrue(Math.abs(chosen - middle) <= 1000, chosen + " near " + middle);
            JarProcess.awaitCondition("the state at the slider's new place", 60, () -> {
                try {
                    return browser.eval("window.nsrLast.time").asLong() == chosen;
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(browser.eval("window.nsrLast.sources.find(s => s.name === 'flows').records_window").asLong() > 0,
                    "the generator's records before the chosen time are shown");
            browser.screenshot(Path.of("target", "recording-dashboard-screenshot.png"));
            page.sigterm();
            page.awaitExit(30);
        }
    }

    private static void assertShown(JsonNode shown, String key, Scrape before, Scrape after, String family,
            String... labels) {
        assertTrue(shown.has(key), "the page shows " + key + ": " + shown);
        double v = shown.get(key).asDouble();
        double low = value(before.text(), family, labels);
        double high = value(after.text(), family, labels);
        assertTrue(low <= v && v <= high, key + " shown as " + v + ", /metrics had " + low + " one refresh before and "
                + high + " after");
    }
}
