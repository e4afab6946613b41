package io.jenkins.registrypull.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** One measured run of one contender. */
record Sample(double wall, double cpu, double registryCpu, double dockerdCpu, double heapMiB, long rssKiB,
              double engineSeconds) {

    static double median(List<Sample> samples, ToDoubleFunction<Sample> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
