package dev.feedhandler.feeder.metrics;

import dev.feedhandler.orderbook.metrics.CounterKey;
import dev.feedhandler.orderbook.metrics.CounterScope;
import dev.feedhandler.orderbook.metrics.CounterType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders counters and stage latencies in the Prometheus text exposition format 0.0.4: one family per
 * {@link CounterType} ({@code feeder_<name>_total} for counts, {@code feeder_<name>} for gauges), labelled from the
 * counter's key, and one summary per latency stage ({@code feeder_latency_<stage>_seconds}, quantiles 0.5, 0.9, 0.99,
 * 0.999 and 1 (the max) over the interval since the previous scrape; {@code _sum} and {@code _count} since start).
 */
final class PrometheusText
{
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PREFIX = "feeder_";

    private PrometheusText()
    {
    }

    static String render(final List<CounterRow> rows, final List<StageHistogram.Sample> latencies)
    {
        final StringBuilder out = new StringBuilder(64 * rows.size() + 1024);
        final List<CounterRow> known = new ArrayList<>();
        for (final CounterRow row : rows)
        {
            if (row.type() != null)
            {
                known.add(row);
            }
        }
        known.sort(Comparator.comparingInt(CounterRow::typeId).thenComparingInt(CounterRow::id));
        CounterType family = null;
        for (final CounterRow row : known)
        {
            final CounterType type = row.type();
            final String name = metricName(type);
            if (type != family)
            {
                family = type;
                out.append("# HELP ").append(name).append(' ').append(escapeHelp(type.description())).append('\n');
                out.append("# TYPE ").append(name).append(' ').append(type.isGauge() ? "gauge" : "counter")
                    .append('\n');
            }
            out.append(name);
            labels(out, type.scope(), row.key());
            out.append(' ').append(row.value()).append('\n');
        }
        for (final StageHistogram.Sample sample : latencies)
        {
            summary(out, sample);
        }
        return out.toString();
    }

    static String metricName(final CounterType type)
    {
        return PREFIX + type.metricName() + (type.isGauge() ? "" : "_total");
    }

    private static void summary(final StringBuilder out, final StageHistogram.Sample sample)
    {
        final String name = PREFIX + "latency_" + sample.name() + "_seconds";
        out.append("# HELP ").append(name).append(" book thread stage latency, ").append(sample.name().replace('_', ' '))
            .append("; quantiles over the interval since the previous scrape\n");
        out.append("# TYPE ").append(name).append(" summary\n");
        quantile(out, name, "0.5", sample.p50());
        quantile(out, name, "0.9", sample.p90());
        quantile(out, name, "0.99", sample.p99());
        quantile(out, name, "0.999", sample.p999());
        quantile(out, name, "1", sample.max());
        out.append(name).append("_sum ").append(seconds(sample.totalSumNs())).append('\n');
        out.append(name).append("_count ").append(sample.totalCount()).append('\n');
    }

    private static void quantile(final StringBuilder out, final String name, final String quantile, final double ns)
    {
        out.append(name).append("{quantile=\"").append(quantile).append("\"} ").append(seconds(ns)).append('\n');
    }

    private static String seconds(final double ns)
    {
        return Double.isNaN(ns) ? "NaN" : Double.toString(ns / 1e9);
    }

    private static void labels(final StringBuilder out, final CounterScope scope, final CounterKey key)
    {
        switch (scope)
        {
            case INSTRUMENT:
                out.append("{venue=\"").append(escape(key.venue())).append("\",instrument=\"")
                    .append(escape(key.symbol())).append("\",instrument_id=\"").append(key.instrumentId())
                    .append("\"}");
                break;
            case VENUE:
                out.append("{venue=\"").append(escape(key.venue())).append("\"}");
                break;
            case VENUE_REASON:
                out.append("{venue=\"").append(escape(key.venue())).append("\",reason=\"")
                    .append(escape(key.detail())).append("\"}");
                break;
            case STREAM:
                out.append("{stream=\"").append(escape(key.detail())).append("\",stream_id=\"")
                    .append(key.detailCode()).append("\"}");
                break;
            case STATE:
                out.append("{state=\"").append(escape(key.detail())).append("\"}");
                break;
            default:
                break;
        }
    }

    private static String escape(final String value)
    {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(final String value)
    {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
