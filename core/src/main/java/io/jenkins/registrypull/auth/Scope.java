package io.jenkins.registrypull.auth;

/** A token scope, {@code repository:team/app:pull} (distribution token spec). */
public record Scope(String resourceType, String name, String actions) {

    public static Scope pull(String repository) {
        return new Scope("repository", repository, "pull");
    }

    @Override
    public String toString() {
        return resourceType + ":" + name + ":" + actions;
    }
}
