package io.jenkins.registrypull.testkit;

/** Which authentication a {@link RegistryServer} asks for. */
public enum RegistryAuth {
    /** No authentication at all. */
    NONE,
    /** {@code auth.htpasswd}: Basic, bcrypt entries. */
    HTPASSWD,
    /** {@code auth.token}: Bearer tokens from a {@link TokenServer}. */
    TOKEN
}
