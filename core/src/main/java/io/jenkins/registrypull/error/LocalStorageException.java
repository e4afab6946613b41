package io.jenkins.registrypull.error;

import java.io.IOException;

/**
 * Writing on this machine failed: the blob store or the output (a full disk, a permission, a read-only file system).
 * Not the registry's fault, so never retried; the message names the directories to check.
 */
public class LocalStorageException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public LocalStorageException(String message, IOException cause) {
        super(message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.LOCAL_STORAGE;
    }
}
