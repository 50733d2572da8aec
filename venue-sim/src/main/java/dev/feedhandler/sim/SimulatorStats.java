package dev.feedhandler.sim;

import dev.feedhandler.sim.format.TinyJson;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A point-in-time copy of the simulator's counters.
 */
public final class SimulatorStats
{
    /** Counters of one instrument. */
    public record InstrumentStats(
        String venue,
        String symbol,
        long updateId,
        int connections,
        Map<InstrumentCounter, Long> counters,
        Map<FaultType, Long> faultsApplied,
        Map<FaultType, Long> faultsPending)
    {
        public long counter(final InstrumentCounter counter)
        {
            return counters.getOrDefault(counter, 0L);
        }

        public long faultsApplied(final FaultType type)
        {
            return faultsApplied.getOrDefault(type, 0L);
        }

        public long faultsPending(final FaultType type)
        {
            return faultsPending.getOrDefault(type, 0L);
        }
    }

    private final boolean paused;
    private final int openConnections;
    private final Map<GlobalCounter, Long> global;
    private final List<InstrumentStats> instruments;

    public SimulatorStats(
        final boolean paused,
        final int openConnections,
        final Map<GlobalCounter, Long> global,
        final List<InstrumentStats> instruments)
    {
        this.paused = paused;
        this.openConnections = openConnections;
        this.global = new EnumMap<>(global);
        this.instruments = List.copyOf(instruments);
    }

    public boolean paused()
    {
        return paused;
    }

    public int openConnections()
    {
        return openConnections;
    }

    public long global(final GlobalCounter counter)
    {
        return global.getOrDefault(counter, 0L);
    }

    public List<InstrumentStats> instruments()
    {
        return instruments;
    }

    /**
     * @throws IllegalArgumentException when the instrument is not simulated.
     */
    public InstrumentStats instrument(final String venue, final String symbol)
    {
        for (final InstrumentStats stats : instruments)
        {
            if (stats.venue().equals(venue) && stats.symbol().equals(symbol))
            {
                return stats;
            }
        }
        throw new IllegalArgumentException("no instrument " + venue + ":" + symbol);
    }

    /** The JSON {@code GET /control/stats} returns. */
    public String toJson()
    {
        final StringBuilder out = new StringBuilder(512);
        out.append("{\"paused\":").append(paused).append(",\"openConnections\":").append(openConnections);
        for (final GlobalCounter counter : GlobalCounter.values())
        {
            out.append(",\"").append(counter.label()).append("\":").append(global(counter));
        }
        out.append(",\"instruments\":[");
        for (int i = 0; i < instruments.size(); i++)
        {
            final InstrumentStats stats = instruments.get(i);
            out.append(i == 0 ? "{" : ",{")
                .append("\"venue\":").append(TinyJson.quote(stats.venue()))
                .append(",\"symbol\":").append(TinyJson.quote(stats.symbol()))
                .append(",\"updateId\":").append(stats.updateId())
                .append(",\"connections\":").append(stats.connections());
            for (final InstrumentCounter counter : InstrumentCounter.values())
            {
                out.append(",\"").append(counter.label()).append("\":").append(stats.counter(counter));
            }
            appendFaults(out, "faultsApplied", stats.faultsApplied());
            appendFaults(out, "faultsPending", stats.faultsPending());
            out.append('}');
        }
        return out.append("]}").toString();
    }

    private static void appendFaults(final StringBuilder out, final String name, final Map<FaultType, Long> faults)
    {
        out.append(",\"").append(name).append("\":{");
        boolean first = true;
        for (final FaultType type : FaultType.values())
        {
            out.append(first ? "\"" : ",\"").append(type.wireName()).append("\":").append(faults.getOrDefault(type, 0L));
            first = false;
        }
        out.append('}');
    }
}
