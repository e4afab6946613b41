// Stand-in for hudson.model.FingerprintMap from org.jenkins-ci.main:jenkins-core:2.541.3 (in memory; nothing is written under JENKINS_HOME/fingerprints).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.util.KeyedDataStorage;
import java.io.IOException;
import java.util.Locale;

/** Cache of {@link Fingerprint}s. */
public final class FingerprintMap extends KeyedDataStorage<Fingerprint, FingerprintMap.FingerprintParams> {
    /** Returns true if there's some data in the fingerprint database. Stand-in: always true. */
    public boolean isReady() {
        return true;
    }

    /**
     * @param build set to non-null if {@link Fingerprint} to be created (if so) will have this build as the owner.
     */
    @SuppressWarnings("rawtypes")
    public @NonNull Fingerprint getOrCreate(@CheckForNull AbstractBuild build, @NonNull String fileName, @NonNull byte[] md5sum) throws IOException {
        return getOrCreate(build, fileName, Util.toHexString(md5sum));
    }

    @SuppressWarnings("rawtypes")
    public @NonNull Fingerprint getOrCreate(@CheckForNull AbstractBuild build, @NonNull String fileName, @NonNull String md5sum) throws IOException {
        return getOrCreate(md5sum, new FingerprintParams(build, fileName));
    }

    @SuppressWarnings("rawtypes")
    public @NonNull Fingerprint getOrCreate(@CheckForNull Run build, @NonNull String fileName, @NonNull String md5sum) throws IOException {
        return getOrCreate(md5sum, new FingerprintParams(build, fileName));
    }

    @Override
    protected Fingerprint get(String md5sum, boolean createIfNotExist, FingerprintParams createParams) throws IOException {
        if (md5sum.length() != 32) {
            return null; // illegal input
        }
        return super.get(md5sum.toLowerCase(Locale.ENGLISH), createIfNotExist, createParams);
    }

    @NonNull
    @Override
    protected Fingerprint create(@NonNull String md5sum, @NonNull FingerprintParams createParams) throws IOException {
        byte[] data = new byte[16];
        for (int i = 0; i < md5sum.length(); i += 2) {
            data[i / 2] = (byte) Integer.parseInt(md5sum.substring(i, i + 2), 16);
        }
        return new Fingerprint(createParams.build, createParams.fileName, data);
    }

    @Override
    protected @CheckForNull Fingerprint load(@NonNull String key) throws IOException {
        return null;
    }

    @SuppressWarnings("rawtypes")
    static class FingerprintParams {
        final @CheckForNull Run build;
        final String fileName;

        FingerprintParams(@CheckForNull Run build, @NonNull String fileName) {
            this.build = build;
            this.fileName = fileName;
        }
    }
}
