package io.jenkins.registrypull.testkit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes through until {@link #cut()}, then drops them. Lets a tar writer "finish" (which
 * commons-compress always does on close) without its end-of-archive blocks reaching the layer.
 */
final class CuttableOutputStream extends FilterOutputStream {

    private boolean cut;

    CuttableOutputStream(OutputStream out) {
        super(out);
    }

    void cut() {
        cut = true;
    }

    @Override
    public void write(int b) throws IOException {
        if (!cut) {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!cut) {
            out.write(b, off, len);
        }
    }
}
