package io.jenkins.registrypull.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown report: printed as it grows, written to WORK/results.md at the end. */
final class Report {

    private final StringBuilder text = new StringBuilder();

    void line(String line) {
        text.append(line).append('\n');
        System.out.println(line);
        System.out.flush();
    }

    /** One comparison table: medians per contender, speed relative to {@code baseline}. */
    void table(String title, long bytes, Map<String, List<Sample>> samples, String baseline, String note) {
        line("### " + title);
        line("");
        if (note != null) {
            line(note);
            line("");
        }
        line("| client | median s | MB/s | vs " + baseline + " | CPU s (client) | registry CPU s | dockerd CPU s"
                + " | heap peak MiB | peak RSS MiB | runs |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        double baseWall = Sample.median(samples.get(baseline), Sample::wall);
        for (var e : samples.entrySet()) {
            List<Sample> s = e.getValue();
            double wall = Sample.median(s, Sample::wall);
            line(String.format(Locale.ROOT, "| %s | %.2f | %.0f | %.2fx | %.2f | %.2f | %s | %s | %s | %d |",
                    e.getKey(), wall, bytes / 1e6 / wall, baseWall / wall, Sample.median(s, Sample::cpu),
                    Sample.median(s, Sample::registryCpu), dash(Sample.median(s, Sample::dockerdCpu)),
                    dash(s.stream().mapToDouble(Sample::heapMiB).max().orElse(0)),
                    dash(s.stream().mapToLong(Sample::rssKiB).max().orElse(0) / 1024.0), s.size()));
        }
        line("");
    }

    void writeTo(Path file) throws IOException {
        Files.writeString(file, text);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    private static String dash(double v) {
        return v > 0 ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }
}
