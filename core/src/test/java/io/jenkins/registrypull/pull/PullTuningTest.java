package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.store.Durability;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark's knobs: products get 64 KiB, a sync per blob started every 8 MiB; out-of-range values are refused. */
class PullTuningTest {

    @Test
    void testDefault_64KiBAndSyncEachBlob_syncedOnTheWayEvery8MiB() {
        assertThat(PullTuning.DEFAULT.readBufferBytes()).isEqualTo(64 * 1024);
        assertThat(PullTuning.DEFAULT.durability()).isEqualTo(Durability.SYNC_EACH_BLOB);
        assertThat(PullTuning.DEFAULT.writebackBytes()).isEqualTo(8 * 1024 * 1024);
    }

    @Test
    void testWriteback_zeroOrOneMiBToOneGiB() {
        assertThat(new PullTuning(PullTuning.MIN_READ_BUFFER, Durability.SYNC_EACH_BLOB, 0).writebackBytes()).isZero();
        assertThat(new PullTuning(PullTuning.MIN_READ_BUFFER, Durability.SYNC_EACH_BLOB, PullTuning.MIN_WRITEBACK)
                .writebackBytes()).isEqualTo(1024 * 1024);
        assertThatThrownBy(() -> new PullTuning(PullTuning.MIN_READ_BUFFER, Durability.SYNC_EACH_BLOB,
                PullTuning.MIN_WRITEBACK - 1)).hasMessageContaining("writebackBytes");
        assertThatThrownBy(() -> new PullTuning(PullTuning.MIN_READ_BUFFER, Durability.SYNC_EACH_BLOB,
                PullTuning.MAX_WRITEBACK + 1)).hasMessageContaining("writebackBytes");
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
