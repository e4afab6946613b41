package io.jenkins.registrypull.pull;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.NotFoundException;
import io.jenkins.registrypull.error.RegistryErrorException;
import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.http.ErrorResponses;
import io.jenkins.registrypull.http.RegistryEndpoint;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.registry.RegistryClient;
import io.jenkins.registrypull.store.BlobLease;
import io.jenkins.registrypull.store.BlobStore;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One blob into the store, against a scripted registry: reuse, resume by Range, statuses, digest mismatches. */
class BlobFetcherTest {

    @TempDir
    Path tmp;

    private final MockWebServer server = new MockWebServer();
    private final List<Duration> sleeps = new ArrayList<>();
    private final byte[] content = new byte[200_000];
    private Descriptor blob;
    private BlobLease lease;
    private BlobFetcher fetcher;

    @BeforeEach
    void setUp() throws Exception {
        new Random(16).nextBytes(content);
        blob = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256(content), content.length);
        server.start();
        RegistryEndpoint endpoint = new RegistryEndpoint(server.getHostName() + ":" + server.getPort(), true, null);
        RegistryClient client = new RegistryClient(new OkHttpClient(), endpoint, new ErrorResponses(new JsonTrees()),
                Credential.anonymous());
        Clock clock = Clock.systemUTC();
        Retrier retrier = new Retrier(clock, sleeps::add, 3, Instant.now().plus(Duration.ofHours(1)), PullListener.NONE);
        lease = new BlobStore(tmp.resolve("store")).lease();
        fetcher = new BlobFetcher(List.of(new BlobFetcher.Source(client, client.host(), retrier)), lease, "team/app",
                PullListener.NONE, clock, PullTuning.DEFAULT.readBufferBytes());
    }

    @AfterEach
    void tearDown() throws Exception {
        lease.close();
        server.shutdown();
    }

    private MockResponse whole(byte[] bytes) {
        return new MockResponse().setBody(new Buffer().write(bytes));
    }

    @Test
    void testFetch_verifiesAndStores_thenReuses() throws Exception {
        server.enqueue(whole(content));
        FetchedBlob fetched = fetcher.fetch(blob);
        assertThat(fetched.reused()).isFalse();
        assertThat(fetched.bytesDownloaded()).isEqualTo(content.length);
        assertThat(Files.readAllBytes(fetched.path())).isEqualTo(content);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getPath()).isEqualTo("/v2/team/app/blobs/" + blob.digest());
        assertThat(request.getHeader("Range")).isNull();

        FetchedBlob again = fetcher.fetch(blob);
        assertThat(again.reused()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void testBodyEndsEarly_resumedWithRange() throws Exception {
        int half = content.length / 2;
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            private int calls;

            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (calls++ == 0) {
                    return whole(Arrays.copyOf(content, half));
                }
                int from = Integer.parseInt(request.getHeader("Range").replaceAll("\\D", ""));
                return new MockResponse().setResponseCode(206)
                        .setHeader("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length)
                        .setBody(new Buffer().write(Arrays.copyOfRange(content, from, content.length)));
            }
        });
        FetchedBlob fetched = fetcher.fetch(blob);
        assertThat(Files.readAllBytes(fetched.path())).isEqualTo(content);
        server.takeRequest();
        RecordedRequest resume = server.takeRequest();
        assertThat(resume.getHeader("Range")).isEqualTo("bytes=" + half + "-");
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void testSuccessStatusThatIsNotTheBlob_unexpectedStatus_notRetried() {
        server.enqueue(new MockResponse().setResponseCode(204));
        assertThatThrownBy(() -> fetcher.fetch(blob)).isInstanceOfSatisfying(RegistryErrorException.class, e -> {
            assertThat(e.status()).isEqualTo(204);
            assertThat(e.kind()).isEqualTo(FailureKind.UNEXPECTED_STATUS);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).startsWith("HTTP 204 from ").contains("while fetching blob " + blob.digest());
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void testServerError_retried() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(whole(content));
        assertThat(Files.readAllBytes(fetcher.fetch(blob).path())).isEqualTo(content);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void testNotFound_typedAndFinal() {
        server.enqueue(new MockResponse().setResponseCode(404)
                .setBody("{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}"));
        assertThatThrownBy(() -> fetcher.fetch(blob)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("BLOB_UNKNOWN");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void testDigestMismatch_fetchedOnceMoreFromTheStart_thenFails() throws Exception {
        byte[] altered = content.clone();
        altered[1234] ^= 1;
        server.enqueue(whole(altered));
        server.enqueue(whole(content));
        assertThat(Files.readAllBytes(fetcher.fetch(blob).path())).isEqualTo(content);
        server.takeRequest();
        assertThat(server.takeRequest().getHeader("Range")).as("from scratch, not resumed").isNull();

        Descriptor other = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256(altered), altered.length);
        byte[] wrong = content.clone();
        wrong[7] ^= 1;
        server.enqueue(whole(wrong));
        server.enqueue(whole(wrong));
        assertThatThrownBy(() -> fetcher.fetch(other)).isInstanceOf(VerificationException.class);
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(lease.store().contains(other.digest(), other.size())).isFalse();
    }
}
