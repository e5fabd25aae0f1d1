package org.nsr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardSettingsTest {
    @TempDir
    Path dir;

    private RecorderConfig load(String dashboard) throws Exception {
        Path f = dir.resolve("setting.yaml");
        Files.writeString(f, "Recorder:\n  data:\n" + dashboard);
        return RecorderConfigLoader.load(f, org.nsr.app.BuiltInSourceTypes.registry());
    }

    @Test
    void theDashboardIsOffWithoutItsNodeAndOnLoopbackPort9465WithAnEmptyOne() throws Exception {
        assertNull(load("    log_level: \"INFO\"\n").ops().dashboard());
        DashboardSettings d = load("    dashboard: {}\n").ops().dashboard();
        assertEquals("127.0.0.1", d.listener().listen().getAddress().getHostAddress());
        assertEquals(9465, d.listener().listen().getPort());
        assertNull(d.listener().token());
        assertEquals(8, d.maxClients());
        assertEquals(Duration.ofSeconds(1), d.refresh());
        assertEquals(0.01, d.cpuBudget(), 1e-12);
    }

    @Test
    void theCpuBudgetIsAPercentageOfTheMachineAndABadOneIsRefusedByName() throws Exception {
        assertEquals(0.05, load("    dashboard: {cpu_budget: \"5%\"}\n").ops().dashboard().cpuBudget(), 1e-12);
        assertEquals(0.005, load("    dashboard: {cpu_budget: 0.5}\n").ops().dashboard().cpuBudget(), 1e-12);
        ConfigException e = assertThrows(ConfigException.class, () -> load("    dashboard: {cpu_budget: \"200%\"}\n"));
        assertTrue(e.getMessage().contains("Recorder.data.dashboard.cpu_budget") && e.getMessage().contains("200%"),
                e.getMessage());
    }

    @Test
    void aNonLoopbackDashboardWithoutATokenIsRefusedNamingBothKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("    dashboard: {listen: \"0.0.0.0:9465\"}\n"));
        assertTrue(e.getMessage().contains("Recorder.data.dashboard.listen") && e.getMessage().contains("0.0.0.0:9465")
                && e.getMessage().contains("Recorder.data.dashboard.token"), e.getMessage());
    }

    @Test
    void aNonLoopbackDashboardWithATokenAndItsLimitsIsAccepted() throws Exception {
        DashboardSettings d = load("    dashboard: {listen: \"0.0.0.0:0\", token: \"0123456789abcdef0123\", "
                + "max_clients: 3, client_events: 5, refresh: \"2s\"}\n").ops().dashboard();
        assertEquals("0123456789abcdef0123", d.listener().token());
        assertEquals(3, d.maxClients());
        assertEquals(5, d.clientEvents());
        assertEquals(Duration.ofSeconds(2), d.refresh());
    }

    @Test
    void anUnknownDashboardKeyIsRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("    dashboard: {colour: blue}\n"));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
    }
}
