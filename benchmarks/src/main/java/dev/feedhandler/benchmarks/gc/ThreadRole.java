package dev.feedhandler.benchmarks.gc;

import dev.feedhandler.benchmarks.latency.DaemonLatencyHarness;

/**
 * Whose a thread of the zero-GC run's JVM is, by its name: the harness's (venue, sender, consumer), the daemon's,
 * Aeron's (the media driver the harness launches stands for the deployed one), JFR's, the report's, or the JVM's.
 */
final class ThreadRole
{
    static final String DAEMON = "daemon";

    private ThreadRole()
    {
    }

    /** Whose the role is: the part before its colon ("harness", "daemon"), or the role itself. */
    static String owner(final String role)
    {
        final int colon = role.indexOf(':');
        return colon < 0 ? role : role.substring(0, colon);
    }

    static String of(final String thread)
    {
        if (thread.equals("main"))
        {
            return "harness: main (starts the run, waits)";
        }
        if (thread.startsWith(DaemonLatencyHarness.VENUE_THREAD))
        {
            return "harness: venue event loop and sender";
        }
        if (thread.equals("daemon-latency-consumer"))
        {
            return "harness: consumer";
        }
        if (thread.startsWith("multiThreadIoEventLoopGroup"))
        {
            return "harness: venue event loop";
        }
        if (thread.equals(ThreadAllocationSampler.THREAD_NAME))
        {
            return "report: allocation sampler";
        }
        if (thread.startsWith("feeder-io"))
        {
            return DAEMON + ": ingest event loop";
        }
        if (thread.equals("book-processor"))
        {
            return DAEMON + ": book processor";
        }
        if (thread.contains("aeron") || thread.startsWith("/dev/shm") || thread.startsWith("driver-"))
        {
            return "aeron";
        }
        if (thread.startsWith("JFR"))
        {
            return "JFR";
        }
        return "jvm or other";
    }
}
