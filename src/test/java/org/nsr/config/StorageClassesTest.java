package org.nsr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.config.StorageClasses.StorageClass;

class StorageClassesTest {
    @TempDir
    Path dir;

    private StorageClasses classes(String setting) throws Exception {
        Path f = dir.resolve("setting.yaml");
        Files.writeString(f, """
                Recorder:
                  data:
                    output_dir: "%s"
                %s    sources:
                      - {name: flows, type: generator, rate: 10}
                """.formatted(dir.resolve("out").toString().replace("\\", "/"), setting));
        return RecorderConfigLoader.load(f, org.nsr.app.BuiltInSourceTypes.registry()).classes();
    }

    private String error(String setting) {
        return assertThrows(ConfigException.class, () -> classes(setting)).getMessage();
    }

    @Test
    void withoutAClassesKeyNothingIsConfigured() throws Exception {
        assertFalse(classes("").configured());
    }

    @Test
    void theIssuesExampleReadsAsTwoClassesByPrecedenceWithTheCatchAllLast() throws Exception {
        StorageClasses c = classes("""
                    classes:
                      - {name: default, retention: {max_age: "30d"}}
                      - {name: dns, match: {protocol: udp, port: 53}, precedence: 10, cutoff: 100, retention: {max_age: "2d"}}
                      - {name: web, match: {protocol: tcp, dst_port: 443, ip: "10.0.0.0/8"}, precedence: 5}
                """);
        assertEquals(List.of("dns", "web", "default"), c.classes().stream().map(StorageClass::name).toList());
        StorageClass dns = c.classes().get(0);
        assertEquals(17, dns.match().protocol());
        assertEquals(53, dns.match().port());
        assertEquals(100, dns.cutoff());
        assertEquals(Duration.ofDays(2), dns.retentionMaxAge());
        StorageClass web = c.classes().get(1);
        assertEquals(6, web.match().protocol());
        assertEquals(443, web.match().dstPort());
        assertTrue(web.match().ip().contains(0x0A010203), "10.1.2.3 is in 10.0.0.0/8");
        assertFalse(web.match().ip().contains(0x0B000001), "11.0.0.1 is not");
        assertFalse(web.ownRetention(), "web has no retention of its own: the recorder's applies");
        assertNull(c.catchAll().match());
        assertEquals(0, c.catchAll().cutoff());
    }

    @Test
    void withoutAClassThatHasNoMatchItIsAConfigErrorNamingClasses() {
        String m = error("    classes:\n      - {name: dns, match: {port: 53}}\n");
        assertTrue(m.contains("classes") && m.contains("without match"), m);
    }

    @Test
    void twoClassesWithoutMatchAreAnError() {
        String m = error("    classes:\n      - {name: a}\n      - {name: b}\n");
        assertTrue(m.contains("classes[1].match") && m.contains("'a'") && m.contains("exactly one"), m);
    }

    @Test
    void duplicateNamesAreAnError() {
        String m = error("    classes:\n      - {name: dns, match: {port: 53}}\n      - {name: dns}\n");
        assertTrue(m.contains("classes[1].name") && m.contains("'dns'") && m.contains("unique"), m);
    }

    @Test
    void aPrecedenceThatIsNoWholeNumberIsNamedWithItsValue() {
        String m = error("    classes:\n      - {name: dns, match: {port: 53}, precedence: high}\n      - {name: d}\n");
        assertTrue(m.contains("classes[0].precedence") && m.contains("'high'") && m.contains("whole number"), m);
    }

    @Test
    void equalPrecedencesAreAnErrorSoEveryRecordHasOneClass() {
        String m = error("""
                    classes:
                      - {name: dns, match: {port: 53}, precedence: 1}
                      - {name: ntp, match: {port: 123}, precedence: 1}
                      - {name: d}
                """);
        assertTrue(m.contains("classes[1].precedence") && m.contains("'dns'") && m.contains("distinct"), m);
    }

    @Test
    void unknownKeysInAClassAndInItsMatchAreNamed() {
        String m = error("    classes:\n      - {name: dns, match: {port: 53}, precedense: 1}\n      - {name: d}\n");
        assertTrue(m.contains("classes[0].precedense") && m.contains("unknown key") && m.contains("precedence"), m);
        m = error("    classes:\n      - {name: dns, match: {prot: udp}}\n      - {name: d}\n");
        assertTrue(m.contains("classes[0].match.prot") && m.contains("unknown key") && m.contains("protocol"), m);
        m = error("    classes:\n      - {name: d, retention: {max_days: 3}}\n");
        assertTrue(m.contains("classes[0].retention.max_days") && m.contains("max_age"), m);
    }

    @Test
    void badMatchValuesNameTheKeyTheValueAndWhatIsExpected() {
        String m = error("    classes:\n      - {name: x, match: {protocol: sctp}}\n      - {name: d}\n");
        assertTrue(m.contains("classes[0].match.protocol") && m.contains("'sctp'") && m.contains("tcp, udp"), m);
        m = error("    classes:\n      - {name: x, match: {port: 70000}}\n      - {name: d}\n");
        assertTrue(m.contains("classes[0].match.port") && m.contains("70000") && m.contains("0 to 65535"), m);
        m = error("    classes:\n      - {name: x, match: {ip: \"10.0.0.0/33\"}}\n      - {name: d}\n");
        assertTrue(m.contains("classes[0].match.ip") && m.contains("10.0.0.0/33") && m.contains("0..32"), m);
        m = error("    classes:\n      - {name: x, match: {src_ip: \"10.0.300.1\"}}\n      - {name: d}\n");
        assertTrue(m.contains("classes[0].match.src_ip") && m.contains("IPv4"), m);
        m = error("    classes:\n      - {name: x, match: {}}\n      - {name: d}\n");
        assertTrue(m.contains("classes[0].match") && m.contains("at least one of"), m);
    }

    @Test
    void cutoffAndNamesAndTheListItselfAreChecked() {
        String m = error("    classes:\n      - {name: d, cutoff: 0}\n");
        assertTrue(m.contains("classes[0].cutoff") && m.contains("at least 1"), m);
        m = error("    classes:\n      - {name: \"a b\"}\n");
        assertTrue(m.contains("classes[0].name") && m.contains("'a b'"), m);
        m = error("    classes: []\n");
        assertTrue(m.contains("classes") && m.contains("not a list of classes"), m);
        m = error("    classes:\n      - {name: d, precedence: 3}\n");
        assertTrue(m.contains("classes[0].precedence") && m.contains("no match"), m);
    }
}
