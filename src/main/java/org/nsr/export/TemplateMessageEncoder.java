package org.nsr.export;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What IPFIX and NetFlow v9 share: a template record of information elements, fixed-length data
 * records gathered into one message, and the flush and close rules. Subclasses own the header and
 * the message layout.
 */
abstract class TemplateMessageEncoder implements FlowEncoder {
    static final int TEMPLATE_ID = 256;

    protected final MessageOutput out;
    protected long flows;
    protected long messages;

    TemplateMessageEncoder(MessageOutput out) {
        this.out = out;
    }

    /** Writes a template set (IPFIX set id 2) or template flowset (NetFlow v9 id 0) of one template. */
    static void putTemplate(ByteBuffer buf, int setId, int setLength, InformationElement[] fields) {
        buf.putShort((short) setId).putShort((short) setLength).putShort((short) TEMPLATE_ID)
                .putShort((short) fields.length);
        for (InformationElement f : fields) {
            buf.putShort((short) f.id).putShort((short) f.length);
        }
    }

    /** Bytes of a set holding one template of these fields. */
    static int templateSetLength(InformationElement[] fields) {
        return 4 + 4 + 4 * fields.length;
    }

    /** Whether data records wait in the current message. */
    protected abstract boolean pending();

    /** Completes the current message and hands it to the output. */
    protected abstract void send() throws IOException;

    @Override
    public final void flush() throws IOException {
        if (pending()) {
            send();
        }
        if (out instanceof FileMessageOutput f) {
            f.flushStream();
        }
    }

    @Override
    public final long flows() {
        return flows;
    }

    @Override
    public final long messages() {
        return messages;
    }

    @Override
    public final void close() throws IOException {
        try {
            if (pending()) {
                send();
            }
        } finally {
            out.close();
        }
    }
}
