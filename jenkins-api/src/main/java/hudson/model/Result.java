// Stand-in for hudson.model.Result from org.jenkins-ci.main:jenkins-core:2.541.3 (the color field, a BallColor, is not mirrored).
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** The build outcome. */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The build had no errors. */
    public static final @NonNull Result SUCCESS = new Result("SUCCESS", 0, true);
    /** The build had some errors but they were not fatal. */
    public static final @NonNull Result UNSTABLE = new Result("UNSTABLE", 1, true);
    /** The build had a fatal error. */
    public static final @NonNull Result FAILURE = new Result("FAILURE", 2, true);
    /** The module was not built. */
    public static final @NonNull Result NOT_BUILT = new Result("NOT_BUILT", 3, false);
    /** The build was manually aborted. */
    public static final @NonNull Result ABORTED = new Result("ABORTED", 4, false);

    private static final Result[] all = {SUCCESS, UNSTABLE, FAILURE, NOT_BUILT, ABORTED};

    private final @NonNull String name;
    /** Bigger numbers are worse. */
    public final int ordinal;
    /** Is this a complete build - i.e. did it run to the end (not aborted)? */
    public final boolean completeBuild;

    private Result(@NonNull String name, int ordinal, boolean complete) {
        this.name = name;
        this.ordinal = ordinal;
        this.completeBuild = complete;
    }

    /** Combines two {@link Result}s and returns the worse one. */
    public @NonNull Result combine(@NonNull Result that) {
        return this.ordinal < that.ordinal ? that : this;
    }

    public static Result combine(Result r1, Result r2) {
        return r1.combine(r2);
    }

    public boolean isWorseThan(@NonNull Result that) {
        return this.ordinal > that.ordinal;
    }

    public boolean isWorseOrEqualTo(@NonNull Result that) {
        return this.ordinal >= that.ordinal;
    }

    public boolean isBetterThan(@NonNull Result that) {
        return this.ordinal < that.ordinal;
    }

    public boolean isBetterOrEqualTo(@NonNull Result that) {
        return this.ordinal <= that.ordinal;
    }

    public boolean isCompleteBuild() {
        return this.completeBuild;
    }

    @Override
    public @NonNull String toString() {
        return name;
    }

    public @NonNull String toExportedObject() {
        return name;
    }

    public static @NonNull Result fromString(@NonNull String s) {
        for (Result r : all) {
            if (s.equalsIgnoreCase(r.name)) {
                return r;
            }
        }
        return FAILURE;
    }

    private Object readResolve() {
        for (Result r : all) {
            if (ordinal == r.ordinal) {
                return r;
            }
        }
        return FAILURE;
    }
}
