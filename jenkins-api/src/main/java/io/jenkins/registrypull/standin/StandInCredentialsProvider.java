package io.jenkins.registrypull.standin;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.security.ACL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.security.core.Authentication;

/**
 * Plays SystemCredentialsProvider: GLOBAL credentials are visible to items when looked up as SYSTEM, SYSTEM-scoped
 * ones only at the root; domain requirements are ignored (every credential is in the global domain).
 */
final class StandInCredentialsProvider extends CredentialsProvider {
    final List<Credentials> credentials = new CopyOnWriteArrayList<>();

    @NonNull
    @Override
    public <C extends Credentials> List<C> getCredentialsInItemGroup(@NonNull Class<C> type, @Nullable ItemGroup itemGroup,
            @Nullable Authentication authentication, @NonNull List<DomainRequirement> domainRequirements) {
        List<C> result = new ArrayList<>();
        if (authentication != null && !ACL.SYSTEM2.equals(authentication)) {
            return result;
        }
        boolean root = itemGroup == null || itemGroup instanceof jenkins.model.Jenkins;
        for (Credentials c : credentials) {
            if (type.isInstance(c) && (c.getScope() != CredentialsScope.SYSTEM || root)) {
                result.add(type.cast(c));
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
