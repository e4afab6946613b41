/**
 * Test hooks of the Jenkins API stand-ins. NOT a Jenkins API: nothing here exists in a real Jenkins, so plugin main
 * code must never import this package (the {@code jenkins} release build, which has no stand-ins, would not compile).
 * Plugin unit tests use it the way a JenkinsRule test uses a running Jenkins: start an instance, register
 * extensions and credentials, grant permissions, create jobs and runs.
 */
package io.jenkins.registrypull.standin;
