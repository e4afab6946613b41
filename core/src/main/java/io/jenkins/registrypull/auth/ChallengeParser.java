package io.jenkins.registrypull.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code WWW-Authenticate} values per RFC 7235 section 4.1:
 *
 * <pre>
 * WWW-Authenticate = 1#challenge
 * challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * auth-param       = token BWS "=" BWS ( token / quoted-string )
 * </pre>
 *
 * Several challenges may share one header value, separated by commas just like parameters, so
 * after each comma the parser looks ahead: a token followed by '=' is another parameter, any
 * other token starts a new challenge. Quoted strings may hold commas and backslash escapes.
 * Malformed input never throws; whatever could be understood is returned.
 */
public final class ChallengeParser {

    private final String input;
    private int pos;

    private ChallengeParser(String input) {
        this.input = input;
    }

    public static List<Challenge> parse(List<String> headerValues) {
        List<Challenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            if (value != null) {
                new ChallengeParser(value).parseInto(challenges);
            }
        }
        return challenges;
    }

    public static List<Challenge> parse(String headerValue) {
        return parse(List.of(headerValue));
    }

    /** A scheme or parameter from a registry, fit for a message: printable ASCII, at most 40 characters. */
    static String printable(String text) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < text.length() && s.length() < 40; i++) {
            char c = text.charAt(i);
            s.append(c > ' ' && c < 0x7f ? c : '?');
        }
        return text.length() > 40 ? s + "..." : s.toString();
    }

    private void parseInto(List<Challenge> out) {
        while (true) {
            skipWhitespaceAndCommas();
            if (atEnd()) {
                return;
            }
            String scheme = readToken();
            if (scheme.isEmpty()) {
                pos++; // not a token character: skip it and resynchronise
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            skipWhitespace();
            readToken68Into(params);
            while (true) {
                skipWhitespaceAndCommas();
                if (atEnd() || !nextIsParameter()) {
                    break;
                }
                String name = readToken().toLowerCase(Locale.ROOT);
                skipWhitespace();
                pos++; // '='
                skipWhitespace();
                String value = atEnd() ? "" : peek() == '"' ? readQuotedString() : readUnquotedValue();
                params.putIfAbsent(name, value);
                skipWhitespace();
                if (!atEnd() && peek() != ',') {
                    skipToComma(); // garbage after a value
                }
            }
            out.add(new Challenge(scheme, params));
        }
    }

    /** A token68 directly after the scheme (e.g. {@code Negotiate abc==}) is kept under the empty name. */
    private void readToken68Into(Map<String, String> params) {
        int start = pos;
        while (!atEnd() && isToken68Char(peek())) {
            pos++;
        }
        int end = pos;
        while (!atEnd() && peek() == '=') {
            pos++;
        }
        int afterEquals = pos;
        skipWhitespace();
        boolean isToken68 = end > start && (atEnd() || peek() == ',')
                && (afterEquals > end || !looksLikeTokenThenEquals(start));
        if (isToken68) {
            params.put("", input.substring(start, afterEquals));
        } else {
            pos = start;
        }
    }

    private boolean looksLikeTokenThenEquals(int from) {
        int p = from;
        while (p < input.length() && isTokenChar(input.charAt(p))) {
            p++;
        }
        while (p < input.length() && isWhitespace(input.charAt(p))) {
            p++;
        }
        return p < input.length() && input.charAt(p) == '=';
    }

    private boolean nextIsParameter() {
        int p = pos;
        int start = p;
        while (p < input.length() && isTokenChar(input.charAt(p))) {
            p++;
        }
        if (p == start) {
            return false;
        }
        while (p < input.length() && isWhitespace(input.charAt(p))) {
            p++;
        }
        return p < input.length() && input.charAt(p) == '=';
    }

    private String readToken() {
        int start = pos;
        while (!atEnd() && isTokenChar(peek())) {
            pos++;
        }
        return input.substring(start, pos);
    }

    /**
     * RFC 7235 allows only a token here, but registries in the wild send unquoted URLs as realm,
     * so an unquoted value runs to the next comma or whitespace.
     */
    private String readUnquotedValue() {
        int start = pos;
        while (!atEnd() && peek() != ',' && peek() != '"' && !isWhitespace(peek())) {
            pos++;
        }
        return input.substring(start, pos);
    }

    private String readQuotedString() {
        StringBuilder value = new StringBuilder();
        pos++; // opening quote
        while (!atEnd()) {
            char c = input.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\' && !atEnd()) {
                c = input.charAt(pos++);
            }
            value.append(c);
        }
        return value.toString(); // unterminated: take what is there
    }

    private void skipToComma() {
        boolean quoted = false;
        while (!atEnd()) {
            char c = peek();
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                pos++;
            } else if (c == ',' && !quoted) {
                return;
            }
            pos++;
        }
    }

    private void skipWhitespaceAndCommas() {
        while (!atEnd() && (isWhitespace(peek()) || peek() == ',')) {
            pos++;
        }
    }

    private void skipWhitespace() {
        while (!atEnd() && isWhitespace(peek())) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= input.length();
    }

    private char peek() {
        return input.charAt(pos);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 7230 tchar. */
    private static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isToken68Char(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~+/".indexOf(c) >= 0;
    }
}
