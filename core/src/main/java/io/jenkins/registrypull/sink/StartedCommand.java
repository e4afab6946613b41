package io.jenkins.registrypull.sink;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/** A command started by a {@link CommandStarter}: its three streams, its end and a way to stop it. */
public interface StartedCommand {

    /** What the command reads; closing it ends the command's input. */
    OutputStream stdin();

    /** What the command prints; the caller must drain it. */
    InputStream stdout();

    /** What the command prints as errors; the caller must drain it. */
    InputStream stderr();

    /** Waits at most {@code timeout} for the command to end; true when it has. */
    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException;

    /** The exit code; only once {@link #waitFor} returned true. */
    int exitValue();

    /** Stops the command (and what it started) at once. */
    void kill();
}
