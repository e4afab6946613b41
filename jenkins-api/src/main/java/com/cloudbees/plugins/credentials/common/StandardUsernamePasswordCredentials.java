// Stand-in for com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.common;

/** Credentials that have an ID, description, username and password. */
public interface StandardUsernamePasswordCredentials extends StandardUsernameCredentials, UsernamePasswordCredentials {
}
