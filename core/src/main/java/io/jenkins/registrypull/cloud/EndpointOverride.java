package io.jenkins.registrypull.cloud;

import io.jenkins.registrypull.error.InvalidInputException;
import okhttp3.HttpUrl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The rule for a cloud endpoint someone points elsewhere (AWS_ENDPOINT_URL_ECR, a metadata endpoint, a test's fake):
 * https anywhere; plain http only on loopback, where nothing on the network can read the signed request or the
 * credentials in the answer.
 */
public final class EndpointOverride {

    private EndpointOverride() {
    }

    /**
     * The override's URL, checked.
     *
     * @param name the variable or option that set it, named in the error
     * @throws InvalidInputException for a value that is not an http(s) URL, or plain http to a host that is not
     *     loopback
     */
    public static HttpUrl parse(String name, String value) throws InvalidInputException {
        HttpUrl url = HttpUrl.parse(value.strip());
        if (url == null) {
            throw new InvalidInputException(name, "not an http(s) URL: '" + printable(value)
                    + "'. Accepted: https://HOST[:PORT][/PATH], or http:// on loopback (127.0.0.1, [::1], localhost).");
        }
        if (url.isHttps()) {
            return url;
        }
        if (!isLoopback(url.host())) {
            throw new InvalidInputException(name, "plain http://" + url.host() + " is not"
                    + " loopback: signed requests and the credentials in the answer would cross the network"
                    + " unencrypted. Use https://, or http:// only on 127.0.0.1, [::1] or localhost.");
        }
        return url;
    }

    /** Whether {@code host} is a loopback address or {@code localhost}; never resolves a name through DNS. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal address: no lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String printable(String value) {
        String s = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
