// Stand-in for hudson.AbortException from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson;

import java.io.IOException;

/** Signals a failure where the error was anticipated and the message says it all: no stack trace is printed. */
public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {
    }

    public AbortException(String message) {
        super(message);
    }
}
