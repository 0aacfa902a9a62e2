package paas.process.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import paas.process.DynoOutput;
import paas.process.output.LineSplitter;

/** Splits a container's multiplexed frames into lines, stdout and stderr apart. */
final class DynoOutputStreams {
    private final LineSplitter out;
    private final LineSplitter err;

    DynoOutputStreams(String app, String dyno, DynoOutput output) {
        this.out = new LineSplitter(line -> output.line(app, dyno, line));
        this.err = new LineSplitter(line -> output.line(app, dyno, line));
    }

    synchronized void feed(Frame f) {
        byte[] b = f.getPayload();
        if (b != null) {
            (f.getStreamType() == StreamType.STDERR ? err : out).feed(b, 0, b.length);
        }
    }

    synchronized void finish() {
        out.finish();
        err.finish();
    }
}
