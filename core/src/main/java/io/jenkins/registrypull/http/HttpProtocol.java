package io.jenkins.registrypull.http;

/**
 * How blobs travel. {@link #HTTP_1_1} (the default) opens one connection per parallel download;
 * {@link #HTTP_2} multiplexes them over one connection (negotiated by ALPN over TLS; a registry
 * without HTTP/2 is spoken to in HTTP/1.1 anyway). The default is chosen by measurement: see
 * docs/performance.md.
 */
public enum HttpProtocol {
    HTTP_1_1,
    HTTP_2
}
