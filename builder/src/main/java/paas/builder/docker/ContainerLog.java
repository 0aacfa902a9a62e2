package paas.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.builder.BuildOutput;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A build container's stdout and stderr, followed from its start and handed to
 * {@link BuildOutput} line by line as they come (so a push shows the build as it runs). The
 * stream ends when the container exits; the build thread waits on that and flushes the last
 * line. Close it to stop following.
 */
final class ContainerLog implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLog.class);

    private final OutputLines lines;
    private final CountDownLatch ended;
    private final ResultCallback.Adapter<Frame> stream;

    private ContainerLog(OutputLines lines, CountDownLatch ended, ResultCallback.Adapter<Frame> stream) {
        this.lines = lines;
        this.ended = ended;
        this.stream = stream;
    }

    /** Starts following the container's output, all of it from the container's start. */
    static ContainerLog follow(DockerClient docker, String containerId, BuildOutput output) {
        OutputLines lines = new OutputLines(output);
        CountDownLatch ended = new CountDownLatch(1);
        ResultCallback.Adapter<Frame> stream = docker.logContainerCmd(containerId)
                .withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        lines.accept(frame.getPayload());
                    }

                    @Override
                    public void onError(Throwable t) {
                        LOG.debug("build log stream of {} ended: {}", containerId, t.toString());
                        ended.countDown();
                    }

                    @Override
                    public void onComplete() {
                        ended.countDown();
                    }
                });
        return new ContainerLog(lines, ended, stream);
    }

    /** Waits up to {@code millis} for the stream to end; answers whether it has. */
    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Hands on a last line that had no newline, if any. */
    void flush() {
        lines.flush();
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
