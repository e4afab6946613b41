package io.jenkins.registrypull.http;

import io.jenkins.registrypull.error.RegistryException;

import java.io.IOException;

/**
 * Carries a {@link RegistryException} through OkHttp, whose interceptors may only throw
 * {@link IOException}. {@link ConnectionErrors#describe} unwraps it.
 */
public final class RegistryFailure extends IOException {

    private static final long serialVersionUID = 1L;

    private final RegistryException failure;

    public RegistryFailure(RegistryException failure) {
        super(failure.getMessage(), failure);
        this.failure = failure;
    }

    public RegistryException failure() {
        return failure;
    }
}
