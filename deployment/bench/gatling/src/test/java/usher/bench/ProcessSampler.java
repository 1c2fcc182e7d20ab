package usher.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's resident memory (VmRSS) and open file descriptors, read from /proc every 100 ms
 * on a thread of its own; peaks since the last {@link #resetPeaks()}.
 */
public final class ProcessSampler extends Thread {

    private final long pid;
    private final AtomicLong peakRss = new AtomicLong(-1);
    private final AtomicLong peakFds = new AtomicLong(-1);
    private volatile boolean stopped;

    public ProcessSampler(long pid) {
        super("service-sampler");
        setDaemon(true);
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    @Override
    public void run() {
        while (!stopped) {
            long rss = Stack.rss(pid);
            peakRss.accumulateAndGet(rss, Math::max);
            peakFds.accumulateAndGet(Stack.openFds(pid), Math::max);
            Stack.sleep(100);
        }
    }

    public void resetPeaks() {
        peakRss.set(Stack.rss(pid));
        peakFds.set(Stack.openFds(pid));
    }

    public long peakRss() {
        return peakRss.get();
    }

    public long peakFds() {
        return peakFds.get();
    }

    public void finish() {
        stopped = true;
    }
}
