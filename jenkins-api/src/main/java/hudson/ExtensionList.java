// Stand-in for hudson.ExtensionList from org.jenkins-ci.main:jenkins-core:2.541.3 (lookup subset).
package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.registrypull.standin.StandIn;
import java.util.AbstractList;
import java.util.List;

/**
 * Extensions of one type. In Jenkins the list is filled from the SezPoz index; in the stand-in it is a live view of
 * what a test registered with {@link StandIn#register(Class, Object)}.
 */
public class ExtensionList<T> extends AbstractList<T> {
    public final Class<T> extensionType;

    private ExtensionList(Class<T> extensionType) { // the real constructors take a Jenkins instance
        this.extensionType = extensionType;
    }

    private List<T> current() {
        return StandIn.extensionsOf(extensionType);
    }

    @Override
    public T get(int index) {
        return current().get(index);
    }

    @Override
    public int size() {
        return current().size();
    }

    /** Looks for the extension instance of the given type (subclasses excluded), or null. */
    public @CheckForNull <U extends T> U get(@NonNull Class<U> type) {
        for (T ext : this) {
            if (ext.getClass() == type) {
                return type.cast(ext);
            }
        }
        return null;
    }

    /** Looks for the extension instance of the given type (subclasses excluded); fails if there is none. */
    public @NonNull <U extends T> U getInstance(@NonNull Class<U> type) throws IllegalStateException {
        U ext = get(type);
        if (ext == null) {
            throw new IllegalStateException("The class " + type.getName() + " was not found, potentially not yet loaded");
        }
        return ext;
    }

    public static @NonNull <T> ExtensionList<T> lookup(Class<T> type) {
        return new ExtensionList<>(type);
    }

    public static @NonNull <U> U lookupSingleton(Class<U> type) {
        ExtensionList<U> all = lookup(type);
        if (all.size() != 1) {
            throw new IllegalStateException("Expected 1 instance of " + type.getName() + " but got " + all.size());
        }
        return all.get(0);
    }

    public static @NonNull <U> U lookupFirst(Class<U> type) {
        ExtensionList<U> all = lookup(type);
        return all.isEmpty() ? null : all.get(0);
    }
}
