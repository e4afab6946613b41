// Stand-in for com.cloudbees.plugins.credentials.CredentialsMatchers from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe (subset: no describe/CQL).
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.UsernameCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Some standard matchers and filtering utility methods. */
public class CredentialsMatchers {
    private CredentialsMatchers() {
    }

    @NonNull
    public static CredentialsMatcher always() {
        return item -> true;
    }

    @NonNull
    public static CredentialsMatcher never() {
        return item -> false;
    }

    @NonNull
    public static CredentialsMatcher not(@NonNull CredentialsMatcher matcher) {
        return item -> !matcher.matches(item);
    }

    @NonNull
    public static CredentialsMatcher instanceOf(@NonNull @SuppressWarnings("rawtypes") Class clazz) {
        return clazz::isInstance;
    }

    @NonNull
    public static CredentialsMatcher withId(@NonNull String id) {
        return item -> item instanceof IdCredentials && id.equals(((IdCredentials) item).getId());
    }

    @NonNull
    public static CredentialsMatcher withScope(@NonNull CredentialsScope scope) {
        return item -> scope == item.getScope();
    }

    @NonNull
    public static CredentialsMatcher withScopes(@NonNull CredentialsScope... scopes) {
        return withScopes(scopes.length == 0 ? EnumSet.noneOf(CredentialsScope.class) : EnumSet.copyOf(Arrays.asList(scopes)));
    }

    @NonNull
    public static CredentialsMatcher withScopes(@NonNull Collection<CredentialsScope> scopes) {
        Set<CredentialsScope> copy = scopes.isEmpty() ? EnumSet.noneOf(CredentialsScope.class) : EnumSet.copyOf(scopes);
        return item -> copy.contains(item.getScope());
    }

    @NonNull
    public static CredentialsMatcher withUsername(@NonNull String username) {
        return item -> item instanceof UsernameCredentials && username.equals(((UsernameCredentials) item).getUsername());
    }

    @NonNull
    public static CredentialsMatcher allOf(@NonNull CredentialsMatcher... matchers) {
        List<CredentialsMatcher> all = List.of(matchers);
        return item -> all.stream().allMatch(m -> m.matches(item));
    }

    @NonNull
    public static CredentialsMatcher anyOf(@NonNull CredentialsMatcher... matchers) {
        List<CredentialsMatcher> all = List.of(matchers);
        return item -> all.stream().anyMatch(m -> m.matches(item));
    }

    @NonNull
    public static CredentialsMatcher both(@NonNull CredentialsMatcher matcher1, @NonNull CredentialsMatcher matcher2) {
        return allOf(matcher1, matcher2);
    }

    @NonNull
    public static CredentialsMatcher either(@NonNull CredentialsMatcher matcher1, @NonNull CredentialsMatcher matcher2) {
        return anyOf(matcher1, matcher2);
    }

    @NonNull
    public static CredentialsMatcher noneOf(@NonNull CredentialsMatcher... matchers) {
        return not(anyOf(matchers));
    }

    @NonNull
    public static <C extends Credentials> Collection<C> filter(@NonNull Collection<C> credentials, @NonNull CredentialsMatcher matcher) {
        return filter((List<C>) new ArrayList<>(credentials), matcher);
    }

    @NonNull
    public static <C extends Credentials> Set<C> filter(@NonNull Set<C> credentials, @NonNull CredentialsMatcher matcher) {
        Set<C> result = new LinkedHashSet<>();
        for (C c : credentials) {
            if (c != null && matcher.matches(c)) {
                result.add(c);
            }
        }
        return result;
    }

    @NonNull
    public static <C extends Credentials> List<C> filter(@NonNull List<C> credentials, @NonNull CredentialsMatcher matcher) {
        List<C> result = new ArrayList<>();
        for (C c : credentials) {
            if (c != null && matcher.matches(c)) {
                result.add(c);
            }
        }
        return result;
    }

    @CheckForNull
    public static <C extends Credentials> C firstOrNull(@NonNull Iterable<C> credentials, @NonNull CredentialsMatcher matcher) {
        return firstOrDefault(credentials, matcher, null);
    }

    @CheckForNull
    public static <C extends Credentials> C firstOrDefault(@NonNull Iterable<C> credentials, @NonNull CredentialsMatcher matcher, @CheckForNull C defaultIfNone) {
        for (C c : credentials) {
            if (c != null && matcher.matches(c)) {
                return c;
            }
        }
        return defaultIfNone;
    }
}
