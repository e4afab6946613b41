package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.store.Durability;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark's knobs: products get 64 KiB and a sync per blob; out-of-range buffers are refused. */
class PullTuningTest {

    @Test
    void testDefault_64KiBAndSyncEachBlob() {
        assertThat(PullTuning.DEFAULT.readBufferBytes()).isEqualTo(64 * 1024);
        assertThat(PullTuning.DEFAULT.durability()).isEqualTo(Durability.SYNC_EACH_BLOB);
    }

    @Test
    void testReadBuffer_outOfRange_refusedNamingTheField() {
        assertThatThrownBy(() -> new PullTuning(PullTuning.MIN_READ_BUFFER - 1, Durability.SYNC_EACH_BLOB, 0))
                .hasMessageContaining("readBufferBytes");
        assertThatThrownBy(() -> new PullTuning(PullTuning.MAX_READ_BUFFER + 1, Durability.SYNC_EACH_BLOB, 0))
                .hasMessageContaining("readBufferBytes");
        assertThat(new PullTuning(PullTuning.MAX_READ_BUFFER, Durability.NO_SYNC_UNSAFE, 0).readBufferBytes())
                .isEqualTo(PullTuning.MAX_READ_BUFFER);
    }
}
