package org.nsr.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.nsr.record.LineBuffer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RowJsonTest {
    /** The rule the hand-written check replaced, kept as the oracle. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,17})(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    @Test
    void theNumberCheckAgreesWithTheJsonNumberRuleOnMessyCells() {
        List<String> cells = List.of("0", "-0", "7", "007", "1.5", "1.", ".5", "-", "", "1e5", "1E+5", "1e-", "2.5e-3",
                "999999", "-1", "123456789012345678", "1234567890123456789", "1.2.3", "192.168.1", "999.999.999.999",
                "abc", "12a", "0x1F", "+1", "1e", "--1", "0.0", "00.5", "NaN", "Infinity", "1 ", " 1");
        for (String c : cells) {
            assertEquals(NUMBER.matcher(c).matches(), RowJson.isNumber(c), c);
        }
    }

    @Test
    void cellsAreTypedAndStringsEscaped() {
        StringBuilder sb = new StringBuilder();
        RowJson.append(sb, List.of("a", "b", "c", "d", "e"), new String[] {"", "True", "-12.5", "007", "x\"y\\z\n"});
        assertEquals("{\"a\":null,\"b\":true,\"c\":-12.5,\"d\":\"007\",\"e\":\"x\\\"y\\\\z\\n\"}", sb.toString());
    }

    @Test
    void theByteWriterGivesTheSameJsonAsTheTextWriterForMessyCells() {
        List<String> header = List.of("a", "b\"", "c", "d", "e", "f", "g", "h");
        String[][] rows = {
            {"", "True", "-12.5", "007", "x\"y\\z\n", " false ", "999.999.999.999", "corrupted"},
            {"caf\u00e9", "\u65e5\u672c", "emoji \ud83d\ude00 ok", "tab\there", "\u0001ctl", "1e5", "  ", "INVALID_TIME"},
            {"tRuE", "-", "T", "falsey", " 42 ", "-0.5e-3", "0", "Fx"},
        };
        byte[][] keys = RowJson.keys(header);
        for (String[] cells : rows) {
            StringBuilder text = new StringBuilder();
            RowJson.append(text, header, cells);
            LineBuffer bytes = new LineBuffer(16);
            RowJson.write(bytes, keys, cells);
            assertEquals(text.toString(), new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        }
    }
}
