package io.jenkins.registrypull.store;

import io.jenkins.registrypull.reference.Digest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link BlobStore#verify} found.
 *
 * @param blobsChecked   blobs hashed
 * @param bytesChecked   their total size
 * @param corruptRemoved blobs whose content did not match their digest, deleted (the next pull fetches them again)
 * @param corruptInUse   corrupt blobs a running pull held, left in place; verify again later
 * @param unexpected     files under {@code blobs/} that are not named by a digest, left in place
 * @param staleTemps     temp files of killed pulls deleted
 */
public record VerifyResult(Path store, int blobsChecked, long bytesChecked, List<Digest> corruptRemoved,
                           List<Digest> corruptInUse, List<Path> unexpected, int staleTemps, Duration took) {

    public VerifyResult {
        corruptRemoved = List.copyOf(corruptRemoved);
        corruptInUse = List.copyOf(corruptInUse);
        unexpected = List.copyOf(unexpected);
    }

    /** True when every blob matched its digest. */
    public boolean allIntact() {
        return corruptRemoved.isEmpty() && corruptInUse.isEmpty();
    }
}
