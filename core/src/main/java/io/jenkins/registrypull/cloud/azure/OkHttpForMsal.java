package io.jenkins.registrypull.cloud.azure;

import io.jenkins.registrypull.cloud.CloudHttpClient;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * MSAL's HTTP through the engine's OkHttp: no redirects, bounded time, and the CA certificates the user gave, so
 * an overridden authority host behind a private CA works and nothing is sent where MSAL's own client would follow.
 */
final class OkHttpForMsal implements IHttpClient {


    private final OkHttpClient client;

    OkHttpForMsal(OkHttpClient client) {
        this.client = client;
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws IOException {
        Request.Builder builder = new Request.Builder().url(request.url());
        String contentType = null;
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if ("Content-Type".equalsIgnoreCase(header.getKey())) {
                contentType = header.getValue();
            } else {
                builder.header(header.getKey(), header.getValue());
            }
        }
        String method = request.httpMethod().methodName;
        RequestBody body = request.body() == null ? null
                : RequestBody.create(request.body(), contentType == null ? null : MediaType.parse(contentType));
        if (body == null && "POST".equals(method)) {
            body = RequestBody.create(new byte[0], null);
        }
        builder.method(method, body);
        try (Response response = client.newCall(builder.build()).execute(); ResponseBody answer = response.body()) {
            String text = CloudHttpClient.readAnswer(answer);
            return new Answer(response.code(), response.headers().toMultimap(), text);
        }
    }

    private record Answer(int statusCode, Map<String, List<String>> headers, String body) implements IHttpResponse {
    }
}
