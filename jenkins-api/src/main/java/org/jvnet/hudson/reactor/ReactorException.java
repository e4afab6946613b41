// Stand-in for org.jvnet.hudson.reactor.ReactorException from org.jenkins-ci:task-reactor:1.9 (not on Maven Central).
package org.jvnet.hudson.reactor;

/** Used to tunnel application-thrown {@link Throwable} (Error or Exception) to the caller. */
public class ReactorException extends Exception {
    ReactorException(Throwable cause) {
        super(cause);
    }
}
