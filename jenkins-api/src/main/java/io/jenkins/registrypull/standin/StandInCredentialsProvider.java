package io.jenkins.registrypull.standin;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.security.ACL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.security.core.Authentication;

/**
 * Plays the two providers a Jenkins has out of the box, as credentials 1502 implements them:
 * <ul>
 *   <li>SystemCredentialsProvider: per-domain lists; seen only by SYSTEM; GLOBAL credentials by items, SYSTEM-scoped
 *   ones only at the root; a domain's credentials only when the domain accepts every requirement
 *   ({@code DomainCredentials.getCredentials});</li>
 *   <li>UserCredentialsProvider: each user's own credentials, seen by that user (any item), never by SYSTEM.</li>
 * </ul>
 */
final class StandInCredentialsProvider extends CredentialsProvider {
    final Map<Domain, List<Credentials>> system = new ConcurrentHashMap<>();
    final Map<String, List<Credentials>> perUser = new ConcurrentHashMap<>();

    List<Credentials> in(Domain domain) {
        return system.computeIfAbsent(domain, d -> new CopyOnWriteArrayList<>());
    }

    List<Credentials> ofUser(String userId) {
        return perUser.computeIfAbsent(userId, u -> new CopyOnWriteArrayList<>());
    }

    @NonNull
    @Override
    public <C extends Credentials> List<C> getCredentialsInItemGroup(@NonNull Class<C> type, @Nullable ItemGroup itemGroup,
            @Nullable Authentication authentication, @NonNull List<DomainRequirement> domainRequirements) {
        List<C> result = new ArrayList<>();
        Authentication a = authentication == null ? ACL.SYSTEM2 : authentication;
        if (ACL.SYSTEM2.equals(a)) {
            boolean root = itemGroup == null || itemGroup instanceof jenkins.model.Jenkins;
            for (Map.Entry<Domain, List<Credentials>> e : system.entrySet()) {
                if (e.getKey().test(domainRequirements)) {
                    for (Credentials c : e.getValue()) {
                        if (type.isInstance(c) && (c.getScope() != CredentialsScope.SYSTEM || root)) {
                            result.add(type.cast(c));
                        }
                    }
                }
            }
        } else {
            for (Credentials c : perUser.getOrDefault(a.getName(), List.of())) {
                if (type.isInstance(c)) {
                    result.add(type.cast(c));
                }
            }
        }
        return result;
    }

    /** Items never see SYSTEM-scoped credentials, whatever their parent. */
    @NonNull
    @Override
    public <C extends Credentials> List<C> getCredentialsInItem(@NonNull Class<C> type, @NonNull Item item,
            @Nullable Authentication authentication, @NonNull List<DomainRequirement> domainRequirements) {
        List<C> result = new ArrayList<>();
        for (C c : super.getCredentialsInItem(type, item, authentication, domainRequirements)) {
            if (c.getScope() != CredentialsScope.SYSTEM) {
                result.add(c);
            }
        }
        return result;
    }
}
