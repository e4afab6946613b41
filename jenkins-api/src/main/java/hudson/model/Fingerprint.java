// Stand-in for hudson.model.Fingerprint from org.jenkins-ci.main:jenkins-core:2.541.3 (subset: usages and ranges; no facets, no persistence).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** A file being tracked by Jenkins: its MD5 (or a digest shortened to it) and the builds that used it. */
public class Fingerprint implements ModelObject, Saveable {
    @CheckForNull
    private final String original;
    private final Date timestamp;
    @NonNull
    private final String fileName;
    @NonNull
    private final byte[] md5sum;
    private final Hashtable<String, RangeSet> usages = new Hashtable<>();

    @SuppressWarnings("rawtypes")
    public Fingerprint(@CheckForNull Run build, @NonNull String fileName, @NonNull byte[] md5sum) throws IOException {
        this.original = build == null ? null : build.getExternalizableId();
        this.md5sum = md5sum.clone();
        this.fileName = fileName;
        this.timestamp = new Date();
        save();
    }

    /** The file name (like "foo.jar" without path). */
    @NonNull
    public String getFileName() {
        return fileName;
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return fileName;
    }

    /** Gets the MD5 hash string. */
    @NonNull
    public String getHashString() {
        return Util.toHexString(md5sum);
    }

    /** Gets the timestamp when this record is created. */
    @NonNull
    public Date getTimestamp() {
        return (Date) timestamp.clone();
    }

    /** Gets the sorted list of job names where this jar is used. */
    @NonNull
    public synchronized List<String> getJobs() {
        return new ArrayList<>(new TreeMap<>(usages).keySet());
    }

    public @CheckForNull Hashtable<String, RangeSet> getUsages() {
        return usages;
    }

    /** Gets the build range set for the given job name; never null. */
    @NonNull
    public synchronized RangeSet getRangeSet(String jobFullName) {
        RangeSet r = usages.get(jobFullName);
        return r == null ? new RangeSet() : r;
    }

    @SuppressWarnings("rawtypes")
    public RangeSet getRangeSet(Job job) {
        return getRangeSet(job.getFullName());
    }

    @Deprecated
    @SuppressWarnings("rawtypes")
    public synchronized void add(@NonNull AbstractBuild b) throws IOException {
        addFor(b);
    }

    /** Adds a usage reference to the build. */
    @SuppressWarnings("rawtypes")
    public synchronized void addFor(@NonNull Run b) throws IOException {
        add(b.getParent().getFullName(), b.getNumber());
    }

    /** Records that a build of a job has used this file. */
    public synchronized void add(@NonNull String jobFullName, int n) throws IOException {
        usages.computeIfAbsent(jobFullName, k -> new RangeSet()).add(n);
        save();
    }

    /** Save the settings to a file. Stand-in: nothing is persisted. */
    @Override
    public synchronized void save() throws IOException {
    }

    @Override
    public String toString() {
        return "Fingerprint[original=" + original + ",hash=" + getHashString() + ",fileName=" + fileName + ",usages=" + usages + "]";
    }

    /** Set of build numbers. */
    public static final class RangeSet {
        private final TreeSet<Integer> numbers = new TreeSet<>();

        public RangeSet() {
        }

        /** Checks if the given number is in the range set. */
        public synchronized boolean includes(int i) {
            return numbers.contains(i);
        }

        /** Expands the range set to include the given value. */
        public synchronized void add(int n) {
            numbers.add(n);
        }

        public synchronized boolean isEmpty() {
            return numbers.isEmpty();
        }

        /** Lists all the numbers in this range set, in ascending order. */
        public synchronized Iterable<Integer> listNumbers() {
            return new ArrayList<>(numbers);
        }

        /** Ranges as {@code [start,end)}, comma separated, like Jenkins prints them. */
        @Override
        public synchronized String toString() {
            StringBuilder buf = new StringBuilder();
            Integer start = null;
            Integer prev = null;
            for (int n : numbers) {
                if (start == null) {
                    start = n;
                } else if (n != prev + 1) {
                    append(buf, start, prev + 1);
                    start = n;
                }
                prev = n;
            }
            if (start != null) {
                append(buf, start, prev + 1);
            }
            return buf.toString();
        }

        private static void append(StringBuilder buf, int start, int end) {
            if (buf.length() > 0) {
                buf.append(',');
            }
            buf.append('[').append(start).append(',').append(end).append(')');
        }
    }
}
