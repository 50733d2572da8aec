package dev.feedhandler.affinity;

import java.util.List;

/**
 * The result of checking a {@link CpuLayout} against a machine: errors stop start-up, warnings are logged.
 *
 * @param errors   what makes the layout impossible or harmful (a missing CPU, two spinning roles on one CPU).
 * @param warnings what costs latency but works (a spinning role sharing a CPU with other threads or the OS).
 */
public record LayoutCheck(List<String> errors, List<String> warnings)
{
    public LayoutCheck
    {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** No errors (warnings allowed). */
    public boolean ok()
    {
        return errors.isEmpty();
    }
}
