package io.jenkins.registrypull.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** A throwable as a user or a log would see it, as one text to scan. */
final class ThrowableText {

    private ThrowableText() {
    }

    /**
     * {@code toString()}, {@code getMessage()} and {@code getLocalizedMessage()} of the throwable, every cause and
     * every suppressed exception, after the printed stack trace (which includes them all).
     */
    static String of(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace, true));
        StringBuilder all = new StringBuilder(trace.toString());
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> queue = new ArrayList<>(List.of(t));
        while (!queue.isEmpty()) {
            Throwable x = queue.remove(0);
            if (!seen.add(x)) {
                continue;
            }
            all.append('\n').append(x).append('\n').append(x.getMessage()).append('\n')
                    .append(x.getLocalizedMessage());
            if (x.getCause() != null) {
                queue.add(x.getCause());
            }
            queue.addAll(List.of(x.getSuppressed()));
        }
        return all.toString();
    }
}
