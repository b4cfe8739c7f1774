package io.botdeck.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Candles per CPU-second of the benchmark JVM ({@code -prof io.botdeck.bench.CpuTimeProfiler}).
 * <p>
 * The wall-clock score drops when other processes compete for the cores; CPU time does not (much).
 * This divides the operations (candles) measured in an iteration by the process CPU time spent in
 * that iteration: all of the fork's threads, so GC and JIT work count against the engine. With one
 * benchmark thread this is "candles per second per core". It also reports the CPU share the fork
 * actually got ({@code cpu.share}, 1.0 = one whole core), which shows how contended a run was.
 */
public class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "operations per CPU-second of the benchmark process";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuStart = os.getProcessCpuTime();
        wallStart = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                      IterationParams iterationParams, IterationResult result) {
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        long ops = result.getMetadata().getMeasuredOps();
        return List.of(
                new ScalarResult("cpu.ops/s", ops / cpuSeconds, "ops/cpu-s", AggregationPolicy.AVG),
                new ScalarResult("cpu.share", cpuSeconds / wallSeconds, "cores", AggregationPolicy.AVG));
    }
}
