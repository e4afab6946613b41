// Stand-in for com.cloudbees.plugins.credentials.common.StandardUsernameCredentials from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.common;

/** Credentials that have an ID, description and a username. */
public interface StandardUsernameCredentials extends StandardCredentials, UsernameCredentials {
}
