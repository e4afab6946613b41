package io.jenkins.registrypull.cloud.azure;

import io.jenkins.registrypull.error.RegistryException;

/** Where an Entra token for {@value AzureMinters#SCOPE} comes from: a service principal or a managed identity. */
interface EntraTokenSource extends AutoCloseable {

    EntraToken token() throws RegistryException;

    /** Secret-free, e.g. {@code service principal 1234... in tenant contoso.onmicrosoft.com}. */
    String describe();

    /** The tenant to name in the ACR exchange, or null when it is the identity's home tenant anyway. */
    String tenantId();

    @Override
    void close();
}
