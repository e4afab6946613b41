package io.jenkins.registrypull.testkit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS Signature Version 4, written here from the published algorithm (AWS "Create a signed AWS API request") and
 * checked against the AWS SigV4 test-suite vectors, independently of the SDK the engine signs with: the fakes verify
 * the engine's requests with it, so a signing mistake in the engine cannot be mirrored by the verifier.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile(ALGORITHM
            + " Credential=([^/,\\s]+)/([0-9]{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,\\s*SignedHeaders=([a-z0-9;_.-]+),"
            + "\\s*Signature=([0-9a-f]{64})");

    private SigV4() {
    }

    /** One HTTP request as it arrived: the path and query as sent (still percent-encoded), headers in order. */
    public record Request(String method, String path, String query, List<Map.Entry<String, String>> headers,
                          byte[] body) {
        public List<String> header(String name) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    values.add(h.getValue());
                }
            }
            return values;
        }

        /** The request as MockWebServer recorded it. */
        public static Request of(okhttp3.mockwebserver.RecordedRequest recorded) {
            String target = recorded.getPath() == null ? "/" : recorded.getPath();
            int q = target.indexOf('?');
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (kotlin.Pair<? extends String, ? extends String> h : recorded.getHeaders()) {
                headers.add(Map.entry(h.getFirst(), h.getSecond()));
            }
            return new Request(recorded.getMethod(), q < 0 ? target : target.substring(0, q),
                    q < 0 ? "" : target.substring(q + 1), headers, recorded.getBody().clone().readByteArray());
        }

        public String first(String name) {
            List<String> values = header(name);
            return values.isEmpty() ? null : values.get(0);
        }
    }

    /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 ...} header. */
    public record Authorization(String accessKeyId, String date, String region, String service,
                                List<String> signedHeaders, String signature) {
        public String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }

        /** Parses the header, or returns null when it is not a SigV4 authorization. */
        public static Authorization parse(String header) {
            if (header == null) {
                return null;
            }
            Matcher m = AUTHORIZATION.matcher(header.strip());
            if (!m.matches()) {
                return null;
            }
            return new Authorization(m.group(1), m.group(2), m.group(3), m.group(4), List.of(m.group(5).split(";")),
                    m.group(6));
        }
    }

    /**
     * The canonical request. {@code path} is URI-encoded segment by segment after removing dot segments and empty
     * segments, as for every service but S3; the query is decoded, re-encoded and sorted.
     */
    public static String canonicalRequest(Request request, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder();
        out.append(request.method()).append('\n');
        out.append(canonicalPath(request.path())).append('\n');
        out.append(canonicalQuery(request.query())).append('\n');
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            byName.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.getValue().strip().replaceAll(" +", " "));
        }
        for (String name : signedHeaders) {
            List<String> values = byName.getOrDefault(name, List.of());
            out.append(name).append(':').append(String.join(",", values)).append('\n');
        }
        out.append('\n').append(String.join(";", signedHeaders)).append('\n');
        String declared = request.first("x-amz-content-sha256");
        out.append(declared != null ? declared : hex(sha256(request.body())));
        return out.toString();
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    /** The hex signature of {@code stringToSign} with the key derived from {@code secretKey} and the scope. */
    public static String signature(String secretKey, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    /** The signature {@code request} should carry for {@code auth}'s scope and signed headers. */
    public static String expectedSignature(Request request, Authorization auth, String secretKey) {
        String amzDate = request.first("x-amz-date");
        String creq = canonicalRequest(request, auth.signedHeaders());
        return signature(secretKey, auth.date(), auth.region(), auth.service(),
                stringToSign(amzDate, auth.scope(), creq));
    }

    static String canonicalPath(String path) {
        String decoded = decode(path == null || path.isEmpty() ? "/" : path);
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : decoded.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                kept.pollLast();
            } else {
                kept.addLast(segment);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String segment : kept) {
            out.append('/').append(encode(segment));
        }
        if (out.length() == 0 || decoded.endsWith("/") && !kept.isEmpty()) {
            out.append('/');
        }
        return out.toString();
    }

    static String canonicalQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        for (String[] p : pairs) {
            joined.add(p[0] + "=" + p[1]);
        }
        return String.join("&", joined);
    }

    /** RFC 3986 encoding of everything but the unreserved characters, upper-case hex. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    static String decode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
