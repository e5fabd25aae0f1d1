package org.nsr.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nsr.record.LineBuffer;
import org.nsr.record.codec.ErrorLine;
import org.nsr.record.codec.LineKeys;
import org.nsr.record.codec.NdtwinFlowPoll;

/** The HTTP source writes exactly the lines the codec encodes and decodes. */
class PollLinesAreTheCodecsLinesTest {
    private static final long MS = 1_755_857_592_000L;

    @Test
    void aFlowPollOfTheFixtureIsByteForByteTheCodecsFlowPollLine() throws Exception {
        String body = HttpSourceLinesTest.fixture("get_detected_flow_data.json");
        HttpPollRecord polled = JsonLineEncoder.encode(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                MS, BodyWrap.FIELD, LineKeys.FLOWINFO, body.length());
        LineBuffer codec = new LineBuffer(4096);
        NdtwinFlowPoll.write(codec, new NdtwinFlowPoll.Line(MS, new ObjectMapper().readTree(body).toString()));
        assertEquals(codec.toString(), polled.toString());
    }

    @Test
    void anErrorLineOfTheSourceDecodesThroughTheCodec() {
        HttpPollRecord line = JsonLineEncoder.errorLine(MS, FailureKind.HTTP_STATUS, "HTTP 500 \"x\"", 500);
        byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(new ErrorLine(MS, FailureKind.HTTP_STATUS.label(), "HTTP 500 \"x\"", 500),
                ErrorLine.decode(b, 0, b.length));
    }
}
