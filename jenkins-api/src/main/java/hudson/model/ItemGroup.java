// Stand-in for hudson.model.ItemGroup from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.File;
import java.util.Collection;
import jenkins.model.FullyNamed;
import jenkins.model.FullyNamedModelObject;
import org.springframework.security.access.AccessDeniedException;

/** Represents a grouping inherent to a kind of {@link Item}s. */
public interface ItemGroup<T extends Item> extends FullyNamed, FullyNamedModelObject, PersistenceRoot {
    /** Gets all the items in this collection in a read-only view. */
    Collection<T> getItems();

    /** Gets the {@link Item} inside this group that has a given name, or null if it does not exist. */
    @CheckForNull
    T getItem(String name) throws AccessDeniedException;

    /** Assigns the root directory for children. */
    File getRootDirFor(T child);
}
