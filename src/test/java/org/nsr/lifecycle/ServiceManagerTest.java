package org.nsr.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nsr.core.Ticker;
import org.slf4j.LoggerFactory;

class ServiceManagerTest {
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final ServiceManager manager = new ServiceManager(Ticker.SYSTEM);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger managerLog = (Logger) LoggerFactory.getLogger(ServiceManager.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        managerLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        managerLog.detachAppender(logged);
    }

    /** A service that notes its start and stop in the journal; it may be told to fail at start or to hang at stop. */
    private final class Noted extends AbstractService implements Abortable {
        private final boolean failAtStart;
        private final CountDownLatch hangAtStop;
        volatile boolean aborted;

        Noted(String name, boolean failAtStart, CountDownLatch hangAtStop) {
            super(name);
            this.failAtStart = failAtStart;
            this.hangAtStop = hangAtStop;
        }

        Noted(String name) {
            this(name, false, null);
        }

        @Override
        protected void doStart() {
            journal.add("start " + serviceName());
            if (failAtStart) {
                throw new IllegalStateException("port taken");
            }
            notifyStarted();
        }

        @Override
        protected void doStop() {
            journal.add("stop " + serviceName());
            if (hangAtStop == null) {
                notifyStopped();
                return;
            }
            Thread t = new Thread(() -> {
                try {
                    hangAtStop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                notifyStopped();
            });
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void abort() {
            aborted = true;
            hangAtStop.countDown();
        }
    }

    @Test
    void servicesStartInLayerOrderAndStopInReverse() throws Exception {
        manager.add(2, new Noted("writer"));
        manager.add(0, new Noted("lock"));
        manager.add(3, new Noted("source a"));
        manager.add(1, new Noted("endpoint"));
        manager.add(3, new Noted("source b"));
        manager.startAll(Duration.ofSeconds(5));
        assertEquals(ServiceManager.Phase.RUNNING, manager.phase());
        assertEquals(List.of("start lock", "start endpoint", "start writer", "start source a", "start source b"),
                journal);
        journal.clear();

        ServiceManager.StopReport report = manager.stopAll(Duration.ofSeconds(5));
        assertTrue(report.clean(), report.toString());
        assertEquals(List.of("stop source a", "stop source b", "stop writer", "stop endpoint", "stop lock"), journal);
        assertTrue(manager.snapshot().stream().allMatch(s -> s.state() == Service.State.TERMINATED));
        assertEquals(ServiceManager.Phase.STOPPED, manager.phase());
    }

    @Test
    void aServiceThatFailsAtStartStopsTheOnesAlreadyStartedAndIsNamed() throws Exception {
        manager.add(0, new Noted("lock"));
        manager.add(1, new Noted("compression"));
        manager.add(2, new Noted("metrics endpoint", true, null));
        manager.add(3, new Noted("source a"));
        ServiceStartException e = assertThrows(ServiceStartException.class, () -> manager.startAll(Duration.ofSeconds(5)));
        assertEquals("metrics endpoint", e.service());
        assertEquals("port taken", e.getCause().getMessage());
        assertEquals(List.of("start lock", "start compression", "start metrics endpoint", "stop compression",
                "stop lock"), journal, "the later layer never started; the earlier ones stopped in reverse");
        assertTrue(logged.list.stream().anyMatch(l -> l.getFormattedMessage().startsWith(
                "metrics endpoint failed to start (java.lang.IllegalStateException: port taken)")));
    }

    @Test
    void aServiceThatMissesTheStopDeadlineIsNamedInTheLogAndAbortedWhileTheOthersStillStop() throws Exception {
        Noted stuck = new Noted("source stuck", false, new CountDownLatch(1));
        manager.add(0, new Noted("compression"));
        manager.add(1, stuck);
        manager.add(1, new Noted("source fine"));
        manager.startAll(Duration.ofSeconds(5));

        ServiceManager.StopReport report = manager.stopAll(Duration.ofMillis(200));
        assertFalse(report.clean());
        assertEquals(List.of("source stuck"), report.lagged());
        assertTrue(stuck.aborted, "the laggard was told to give up");
        assertTrue(journal.contains("stop compression"), "the lower layer is still stopped");
        assertTrue(logged.list.stream().anyMatch(l -> l.getFormattedMessage()
                .startsWith("stop: [source stuck] did not stop within 200 ms")), "the laggard is named in the log");
    }

    @Test
    void aSubsetStopsInReverseLayerOrderAndStaysRegisteredUntilRemoved() throws Exception {
        Noted writer = new Noted("writer s");
        Noted source = new Noted("source s");
        manager.add(0, new Noted("compression"));
        manager.add(1, writer);
        manager.add(2, source);
        manager.startAll(Duration.ofSeconds(5));
        journal.clear();
        assertTrue(manager.stop(List.of(writer, source), Duration.ofSeconds(5), false).clean());
        assertEquals(List.of("stop source s", "stop writer s"), journal);
        assertEquals(3, manager.snapshot().size());
        manager.remove(writer);
        manager.remove(source);
        assertEquals(List.of("compression"), manager.snapshot().stream().map(ServiceManager.Status::name).toList());
    }
}
