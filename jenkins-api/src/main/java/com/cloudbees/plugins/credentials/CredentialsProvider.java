// Stand-in for com.cloudbees.plugins.credentials.CredentialsProvider from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe
// (Spring Security API only: the deprecated Acegi overloads are not mirrored; no stores).
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Fingerprint;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import hudson.util.ListBoxModel;
import io.jenkins.registrypull.standin.StandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * An extension point for providing {@link Credentials}. Stand-in: the static lookups iterate the providers a test
 * registered (see io.jenkins.registrypull.standin.StandIn#credentials()), as Jenkins iterates the installed ones;
 * {@link #findCredentialById} follows credentials 1502 (parameters, the job's authentication, usage tracking only for
 * parameter values), reading parameters, triggering users and job authentications from the stand-in run and job.
 */
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {

    public static final PermissionGroup GROUP = new PermissionGroup(CredentialsProvider.class, null);
    private static final PermissionScope[] SCOPES = {PermissionScope.ITEM, PermissionScope.ITEM_GROUP, PermissionScope.JENKINS};
    // Both off unless their system property is set, as in credentials 1502: then only BUILD / CONFIGURE imply them.
    public static final Permission USE_OWN = new Permission(GROUP, "UseOwn", null,
            Boolean.getBoolean("com.cloudbees.plugins.credentials.UseOwnPermission") ? Jenkins.ADMINISTER : hudson.model.Item.BUILD,
            Boolean.getBoolean("com.cloudbees.plugins.credentials.UseOwnPermission"), new PermissionScope[] {PermissionScope.ITEM});
    public static final Permission USE_ITEM = new Permission(GROUP, "UseItem", null, hudson.model.Item.CONFIGURE,
            Boolean.getBoolean("com.cloudbees.plugins.credentials.UseItemPermission"), new PermissionScope[] {PermissionScope.ITEM});
    public static final Permission CREATE = new Permission(GROUP, "Create", null, Permission.CREATE, true, SCOPES);
    public static final Permission UPDATE = new Permission(GROUP, "Update", null, Permission.UPDATE, true, SCOPES);
    public static final Permission VIEW = new Permission(GROUP, "View", null, Permission.READ, true, SCOPES);
    public static final Permission DELETE = new Permission(GROUP, "Delete", null, Permission.DELETE, true, SCOPES);
    public static final Permission MANAGE_DOMAINS = new Permission(GROUP, "ManageDomains", null, Permission.CONFIGURE, true, SCOPES);

    @SuppressWarnings("unchecked")
    public CredentialsProvider() {
        super(Descriptor.self());
    }

    @NonNull
    public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(@NonNull Class<C> type,
            @Nullable ItemGroup itemGroup, @Nullable Authentication authentication) {
        return lookupCredentialsInItemGroup(type, itemGroup, authentication, List.of());
    }

    @NonNull
    public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(@NonNull Class<C> type,
            @Nullable ItemGroup itemGroup, @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements) {
        Objects.requireNonNull(type);
        itemGroup = itemGroup == null ? Jenkins.get() : itemGroup;
        authentication = authentication == null ? ACL.SYSTEM2 : authentication;
        domainRequirements = domainRequirements == null ? Collections.emptyList() : domainRequirements;
        List<C> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (CredentialsProvider provider : all()) {
            if (provider.isEnabled(itemGroup) && provider.isApplicable(type)) {
                for (C c : provider.getCredentialsInItemGroup(type, itemGroup, authentication, domainRequirements)) {
                    if (!(c instanceof IdCredentials) || ids.add(((IdCredentials) c).getId())) {
                        result.add(c);
                    }
                }
            }
        }
        return result;
    }

    public static <C extends IdCredentials> ListBoxModel listCredentialsInItemGroup(@NonNull Class<C> type,
            @Nullable ItemGroup itemGroup, @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements, @Nullable CredentialsMatcher matcher) {
        Objects.requireNonNull(type);
        itemGroup = itemGroup == null ? Jenkins.get() : itemGroup;
        authentication = authentication == null ? ACL.SYSTEM2 : authentication;
        domainRequirements = domainRequirements == null ? Collections.emptyList() : domainRequirements;
        matcher = matcher == null ? CredentialsMatchers.always() : matcher;
        ListBoxModel result = new ListBoxModel();
        Set<String> ids = new HashSet<>();
        for (CredentialsProvider provider : all()) {
            if (provider.isEnabled(itemGroup) && provider.isApplicable(type)) {
                for (ListBoxModel.Option option : provider.getCredentialIdsInItemGroup(type, itemGroup, authentication, domainRequirements, matcher)) {
                    if (ids.add(option.value)) {
                        result.add(option);
                    }
                }
            }
        }
        result.sort((a, b) -> a.name.compareToIgnoreCase(b.name));
        return result;
    }

    @NonNull
    public static <C extends Credentials> List<C> lookupCredentialsInItem(@NonNull Class<C> type,
            @Nullable Item item, @Nullable Authentication authentication) {
        return lookupCredentialsInItem(type, item, authentication, List.of());
    }

    @NonNull
    public static <C extends Credentials> List<C> lookupCredentialsInItem(@NonNull Class<C> type,
            @Nullable Item item, @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements) {
        Objects.requireNonNull(type);
        if (item == null) {
            return lookupCredentialsInItemGroup(type, Jenkins.get(), authentication, domainRequirements);
        }
        if (item instanceof ItemGroup) {
            return lookupCredentialsInItemGroup(type, (ItemGroup) item, authentication, domainRequirements);
        }
        authentication = authentication == null ? ACL.SYSTEM2 : authentication;
        domainRequirements = domainRequirements == null ? Collections.emptyList() : domainRequirements;
        List<C> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (CredentialsProvider provider : all()) {
            if (provider.isEnabled(item) && provider.isApplicable(type)) {
                for (C c : provider.getCredentialsInItem(type, item, authentication, domainRequirements)) {
                    if (!(c instanceof IdCredentials) || ids.add(((IdCredentials) c).getId())) {
                        result.add(c);
                    }
                }
            }
        }
        return result;
    }

    @NonNull
    public static <C extends IdCredentials> ListBoxModel listCredentialsInItem(@NonNull Class<C> type,
            @Nullable Item item, @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements, @Nullable CredentialsMatcher matcher) {
        Objects.requireNonNull(type);
        if (item == null) {
            return listCredentialsInItemGroup(type, Jenkins.get(), authentication, domainRequirements, matcher);
        }
        if (item instanceof ItemGroup) {
            return listCredentialsInItemGroup(type, (ItemGroup) item, authentication, domainRequirements, matcher);
        }
        CredentialsMatcher m = matcher == null ? CredentialsMatchers.always() : matcher;
        ListBoxModel result = new ListBoxModel();
        for (C c : lookupCredentialsInItem(type, item, authentication, domainRequirements)) {
            if (m.matches(c)) {
                result.add(new ListBoxModel.Option(nameOf(c), c.getId()));
            }
        }
        result.sort((a, b) -> a.name.compareToIgnoreCase(b.name));
        return result;
    }

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type,
            @NonNull Run<?, ?> run) {
        return findCredentialById(id, type, run, List.of());
    }

    /**
     * @deprecated Use {@link #findCredentialById(String, Class, Run, List)} instead.
     */
    public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type,
            @NonNull Run<?, ?> run, DomainRequirement... domainRequirements) {
        return findCredentialById(id, type, run, Arrays.asList(domainRequirements));
    }

    /**
     * Resolves a credential by id (or a {@code ${PARAM}} credentials parameter) in the context of a run. As in
     * credentials 1502: a plain id (or a parameter left at its default) is looked up as the job's authentication
     * ({@link #getDefaultAuthenticationOf2}), then as SYSTEM if that authentication may USE_ITEM, and is NOT tracked;
     * a parameter value is looked up among the triggering user's own credentials (USE_OWN), then the item's (USE_ITEM),
     * and is tracked while the run is in progress.
     */
    @CheckForNull
    public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type,
            @NonNull Run<?, ?> run, @Nullable List<DomainRequirement> domainRequirements) {
        Objects.requireNonNull(id);
        Objects.requireNonNull(type);
        Objects.requireNonNull(run);
        id = id.trim();
        boolean isParameter = false;
        boolean isDefaultValue = false;
        String inputUserId = null;
        final String parameterName;
        if (id.startsWith("${") && id.endsWith("}")) {
            parameterName = id.substring(2, id.length() - 1);
        } else {
            parameterName = id;
        }
        StandIn.CredentialsParameter binding = StandIn.credentialsParameter(run, parameterName);
        if (binding != null) {
            isParameter = true;
            inputUserId = binding.userId();
            isDefaultValue = binding.isDefaultValue();
            id = Util.fixNull(binding.credentialsId());
        }
        if (!isParameter || isDefaultValue) {
            Authentication runAuth = CredentialsProvider.getDefaultAuthenticationOf2(run.getParent());
            C credential = findCredentialByIdInItem(id, type, run.getParent(), runAuth, domainRequirements);
            if (credential == null && runAuth != ACL.SYSTEM2 && run.hasPermission2(runAuth, CredentialsProvider.USE_ITEM)) {
                credential = findCredentialByIdInItem(id, type, run.getParent(), ACL.SYSTEM2, domainRequirements);
            }
            return contextualize(type, credential, run);
        }
        String triggeredBy = StandIn.triggeredBy(run);
        final Authentication a = triggeredBy == null ? Jenkins.ANONYMOUS2 : StandIn.user(triggeredBy);
        C result = null;
        if (triggeredBy != null && run.hasPermission2(a, CredentialsProvider.USE_OWN)) {
            result = findCredentialByIdInItem(id, type, run.getParent(), a, domainRequirements);
        }
        if (result == null && inputUserId != null) {
            Authentication inputAuth = StandIn.user(inputUserId);
            if (run.hasPermission2(inputAuth, CredentialsProvider.USE_OWN)) {
                result = findCredentialByIdInItem(id, type, run.getParent(), inputAuth, domainRequirements);
            }
        }
        if (result == null && run.hasPermission2(a, CredentialsProvider.USE_ITEM)) {
            Authentication runAuth = CredentialsProvider.getDefaultAuthenticationOf2(run.getParent());
            result = findCredentialByIdInItem(id, type, run.getParent(), runAuth, domainRequirements);
            if (result == null && runAuth != ACL.SYSTEM2 && run.hasPermission2(runAuth, CredentialsProvider.USE_ITEM)) {
                result = findCredentialByIdInItem(id, type, run.getParent(), ACL.SYSTEM2, domainRequirements);
            }
        }
        if (run.isLogUpdated()) {
            track(run, result);
        }
        return contextualize(type, result, run);
    }

    @CheckForNull
    private static <C extends Credentials> C contextualize(@NonNull Class<C> type, @CheckForNull C credentials, @NonNull Run<?, ?> run) {
        if (credentials != null) {
            Credentials contextualized = credentials.forRun(run);
            if (type.isInstance(contextualized)) {
                return type.cast(contextualized);
            }
        }
        return credentials;
    }

    /** Stand-in: the job's authentication as {@code Tasks.getAuthenticationOf2} gives it (see StandIn.authenticationOf). */
    @NonNull
    static Authentication getDefaultAuthenticationOf2(Item item) {
        return StandIn.authenticationOf(item);
    }

    /** Returns the credential with the given id available to {@code authentication} for use by {@code item}. */
    @CheckForNull
    public static <C extends IdCredentials> C findCredentialByIdInItem(@NonNull String id, @NonNull Class<C> type,
            @Nullable Item item, @Nullable Authentication authentication, @Nullable List<DomainRequirement> domainRequirements) {
        Objects.requireNonNull(id);
        Objects.requireNonNull(type);
        return CredentialsMatchers.firstOrNull(lookupCredentialsInItem(type, item, authentication, domainRequirements),
                CredentialsMatchers.withId(id));
    }

    /** Returns the list of all {@link CredentialsProvider}. */
    public static ExtensionList<CredentialsProvider> all() {
        return ExtensionList.lookup(CredentialsProvider.class);
    }

    @Override
    public Descriptor<CredentialsProvider> getDescriptor() {
        return this;
    }

    /** Returns {@code true} if this {@link CredentialsProvider} is enabled. Stand-in: always. */
    public final boolean isEnabled() {
        return true;
    }

    public boolean isEnabled(Object context) {
        return isEnabled();
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return getClass().getSimpleName();
    }

    /** Returns the credentials provided by this provider for items in the given group. Implement this one. */
    @NonNull
    public <C extends Credentials> List<C> getCredentialsInItemGroup(@NonNull Class<C> type,
            @Nullable ItemGroup itemGroup, @Nullable Authentication authentication,
            @NonNull List<DomainRequirement> domainRequirements) {
        throw new AbstractMethodError("Implement getCredentialsInItemGroup from " + getClass());
    }

    @NonNull
    public <C extends IdCredentials> ListBoxModel getCredentialIdsInItemGroup(@NonNull Class<C> type,
            @Nullable ItemGroup itemGroup, @Nullable Authentication authentication,
            @NonNull List<DomainRequirement> domainRequirements, @NonNull CredentialsMatcher matcher) {
        return getCredentialsInItemGroup(type, itemGroup, authentication, domainRequirements)
                .stream()
                .filter(matcher::matches)
                .map(c -> new ListBoxModel.Option(nameOf(c), c.getId()))
                .collect(Collectors.toCollection(ListBoxModel::new));
    }

    /** Returns the credentials provided by this provider for the given item. */
    @NonNull
    public <C extends Credentials> List<C> getCredentialsInItem(@NonNull Class<C> type, @NonNull Item item,
            @Nullable Authentication authentication, @NonNull List<DomainRequirement> domainRequirements) {
        return getCredentialsInItemGroup(type, item instanceof ItemGroup ? (ItemGroup) item : item.getParent(),
                authentication, domainRequirements);
    }

    /** Returns {@code true} if this {@link CredentialsProvider} can provide credentials of the supplied type. Stand-in: always. */
    public final boolean isApplicable(Class<? extends Credentials> clazz) {
        return isEnabled();
    }

    /** Creates a fingerprint that can be used to track the usage of a specific credential. */
    @NonNull
    public static Fingerprint getOrCreateFingerprintOf(@NonNull Credentials c) throws IOException {
        String pseudoFilename = String.format("Credential id=%s name=%s",
                c instanceof IdCredentials ? ((IdCredentials) c).getId() : "unknown", nameOf(c));
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(pseudoFilename.getBytes(StandardCharsets.UTF_8));
            return Jenkins.get().getFingerprintMap().getOrCreate((hudson.model.AbstractBuild) null, pseudoFilename, md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JLS mandates MD5 as a supported digest algorithm");
        }
    }

    /** Track the usage of credentials in a specific build (stand-in: only while a Jenkins instance is running). */
    @CheckForNull
    @SuppressWarnings("rawtypes")
    public static <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) {
        if (credentials != null) {
            trackAll(build, Collections.singletonList(credentials));
        }
        return credentials;
    }

    @SafeVarargs
    @NonNull
    @SuppressWarnings("rawtypes")
    public static <C extends Credentials> List<C> trackAll(@NonNull Run build, C... credentials) {
        if (credentials != null) {
            return trackAll(build, Arrays.asList(credentials));
        }
        return Collections.emptyList();
    }

    @NonNull
    @SuppressWarnings("rawtypes")
    public static <C extends Credentials> List<C> trackAll(@NonNull Run build, @NonNull List<C> credentials) {
        if (Jenkins.getInstanceOrNull() != null) {
            for (Credentials c : credentials) {
                if (c != null) {
                    try {
                        getOrCreateFingerprintOf(c).addFor(build);
                    } catch (IOException e) {
                        // as in Jenkins: usage tracking never fails the caller
                    }
                }
            }
        }
        return credentials;
    }

    /** Stand-in for CredentialsNameProvider.name(c): the description if any, else the id. */
    private static String nameOf(Credentials c) {
        if (c instanceof com.cloudbees.plugins.credentials.common.StandardCredentials) {
            String d = ((com.cloudbees.plugins.credentials.common.StandardCredentials) c).getDescription();
            if (d != null && !d.isEmpty()) {
                return d;
            }
        }
        return c instanceof IdCredentials ? ((IdCredentials) c).getId() : c.getClass().getSimpleName();
    }
}
