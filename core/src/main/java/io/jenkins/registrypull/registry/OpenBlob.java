package io.jenkins.registrypull.registry;

import okhttp3.Call;
import okhttp3.Response;

/**
 * A blob response being streamed, with its call so another thread can cancel it (which closes
 * the socket and unblocks a pending read; closing the response alone would not).
 */
public record OpenBlob(Call call, Response response) implements AutoCloseable {

    public void cancel() {
        call.cancel();
    }

    @Override
    public void close() {
        response.close();
    }
}
