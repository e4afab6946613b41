package io.jenkins.registrypull.http;

/**
 * Tag on a registry request naming the repository it touches, so the auth layer asks the token
 * server for exactly that scope.
 */
public record RepositoryScope(String repository) {
}
