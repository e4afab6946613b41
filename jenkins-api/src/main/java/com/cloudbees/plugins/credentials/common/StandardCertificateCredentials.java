// Stand-in for com.cloudbees.plugins.credentials.common.StandardCertificateCredentials from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.common;

/** Credentials that have an ID, description, keystore and password ("Certificate" in the credentials UI). */
public interface StandardCertificateCredentials extends StandardCredentials, CertificateCredentials {
}
