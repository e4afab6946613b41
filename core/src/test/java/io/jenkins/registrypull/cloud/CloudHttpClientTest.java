package io.jenkins.registrypull.cloud;

import io.jenkins.registrypull.error.InvalidInputException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudHttpClientTest {

    private static String answerOf(MockResponse answer) throws IOException, InvalidInputException {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(answer);
            server.start();
            OkHttpClient client = CloudHttpClient.create(null);
            try (Response response = client.newCall(new Request.Builder().url(server.url("/token")).build()).execute()) {
                return CloudHttpClient.readAnswer(response.body());
            }
        }
    }

    @Test
    void testReadAnswer_chunkedOrSized_readToItsEnd() throws Exception {
        assertThat(answerOf(new MockResponse().setChunkedBody("{\"access_token\":\"t\",\"expires_in\":3599}", 7)))
                .isEqualTo("{\"access_token\":\"t\",\"expires_in\":3599}");
        assertThat(answerOf(new MockResponse().setBody("{}"))).isEqualTo("{}");
        assertThat(answerOf(new MockResponse().setResponseCode(204))).isEmpty();
    }

    @Test
    void testReadAnswer_largerThanAnyTokenAnswer_refused() {
        assertThatThrownBy(() -> answerOf(new MockResponse().setChunkedBody("x".repeat(70_000), 4096)))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than");
    }

    @Test
    void testNoRedirectFollowed() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", "http://169.254.169.254/"));
            server.start();
            try (Response response = CloudHttpClient.create(null).newCall(new Request.Builder()
                    .url(server.url("/token")).build()).execute()) {
                assertThat(response.code()).isEqualTo(307);
            }
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void testEndpointOverride_httpsAnywhere_plainHttpOnlyToLoopback() throws Exception {
        assertThat(EndpointOverride.check("f", "https://oauth2.example.com/token").getHost())
                .isEqualTo("oauth2.example.com");
        assertThat(EndpointOverride.check("f", "http://127.0.0.1:8080/token").getPort()).isEqualTo(8080);
        assertThat(EndpointOverride.check("f", "http://[::1]:8080/token").getPort()).isEqualTo(8080);
        assertThat(EndpointOverride.check("f", "http://localhost/token").getHost()).isEqualTo("localhost");
        for (String refused : new String[] {"http://oauth2.example.com/token", "http://169.254.169.254/token",
            "ftp://127.0.0.1/", "https://user:pw@oauth2.example.com/", "not a url", "http://127.0.0.1.evil.com/"}) {
            assertThatThrownBy(() -> EndpointOverride.check("token_uri", refused)).as(refused)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("token_uri");
        }
    }
}
