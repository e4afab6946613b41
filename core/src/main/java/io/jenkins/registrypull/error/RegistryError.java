package io.jenkins.registrypull.error;

/** One entry of a registry's JSON error body: {@code {"errors":[{"code","message","detail"}]}}. */
public record RegistryError(ErrorCode code, String rawCode, String message) {

    @Override
    public String toString() {
        return message == null || message.isEmpty() ? rawCode : rawCode + " (" + message + ")";
    }
}
