// Stand-in for hudson.console.LineTransformationOutputStream from org.jenkins-ci.main:jenkins-core:2.541.3.
package hudson.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Filtering {@link OutputStream} that buffers text by line, so that the derived class can perform some manipulation based on the contents of the whole line. */
public abstract class LineTransformationOutputStream extends OutputStream {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    /** Called for each end of the line. */
    protected abstract void eol(byte[] b, int len) throws IOException;

    @Override
    public void write(int b) throws IOException {
        buf.write(b);
        if (b == LF) {
            eol();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        for (int i = off; i < end; i++) {
            write(b[i]);
        }
    }

    @Override
    public void close() throws IOException {
        forceEol();
    }

    /** Forces the EOL behavior. */
    public void forceEol() throws IOException {
        if (buf.size() > 0) {
            eol();
        }
    }

    private void eol() throws IOException {
        byte[] bytes = buf.toByteArray();
        buf.reset();
        eol(bytes, bytes.length);
    }

    protected String trimEOL(String line) {
        int slen = line.length();
        while (slen > 0) {
            char ch = line.charAt(slen - 1);
            if (ch == '\r' || ch == '\n') {
                slen--;
                continue;
            }
            break;
        }
        line = line.substring(0, slen);
        return line;
    }

    private static final int LF = 0x0A;

    /** Convenience subclass for cases where you wish to process lines being sent to an underlying stream. */
    public abstract static class Delegating extends LineTransformationOutputStream {
        protected final OutputStream out;

        protected Delegating(OutputStream out) {
            this.out = out;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            super.close();
            out.close();
        }
    }
}
