package paas.api.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FramesTest {
    private record Received(byte type, String payload) {
    }

    @Test
    void framesSplitAcrossReadsAreReassembled() {
        byte[] wire = concat(Wire.stdin("hello"), Wire.frame(42, new byte[0]), Wire.stdinEof());
        List<Received> received = new ArrayList<>();
        Frames.Reader reader = new Frames.Reader();
        for (byte b : wire) {
            assertThat(reader.read(Unpooled.wrappedBuffer(new byte[] {b}),
                    (type, payload) -> received.add(new Received(type, new String(payload, StandardCharsets.UTF_8)))))
                    .isTrue();
        }
        reader.release();
        assertThat(received).containsExactly(new Received(Frames.STDIN, "hello"), new Received((byte) 42, ""),
                new Received(Frames.STDIN_EOF, ""));
    }

    @Test
    void aLengthOverTheLimitIsAProtocolError() {
        Frames.Reader reader = new Frames.Reader();
        ByteBuf oversized = Unpooled.buffer().writeByte(Frames.STDIN).writeInt(Frames.MAX_PAYLOAD + 1);
        assertThat(reader.read(oversized, (type, payload) -> { })).isFalse();
        assertThat(oversized.refCnt()).isZero();
        Frames.Reader waiting = new Frames.Reader();
        ByteBuf atLimit = Unpooled.buffer().writeByte(Frames.STDIN).writeInt(Frames.MAX_PAYLOAD);
        assertThat(waiting.read(atLimit, (type, payload) -> { })).isTrue();
        waiting.release();
    }

    @Test
    void serverFramesCarryTypeLengthAndPayload() {
        ByteBuf exit = Frames.exit(-1);
        assertThat(exit.readByte()).isEqualTo(Frames.EXIT);
        assertThat(exit.readInt()).isEqualTo(4);
        assertThat(exit.readInt()).isEqualTo(-1);
        exit.release();
        ByteBuf error = Frames.error("a" + "é".repeat(40_000));
        assertThat(error.readByte()).isEqualTo(Frames.ERROR);
        assertThat(error.readInt()).isEqualTo(Frames.MAX_PAYLOAD - 1).isEqualTo(error.readableBytes());
        assertThat(error.toString(StandardCharsets.UTF_8)).isEqualTo("a" + "é".repeat((Frames.MAX_PAYLOAD - 2) / 2));
        error.release();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
