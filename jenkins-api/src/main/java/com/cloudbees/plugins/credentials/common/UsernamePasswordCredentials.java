// Stand-in for com.cloudbees.plugins.credentials.common.UsernamePasswordCredentials from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.common;

/** Credentials that have both a username and a password component. */
public interface UsernamePasswordCredentials extends UsernameCredentials, PasswordCredentials {
}
