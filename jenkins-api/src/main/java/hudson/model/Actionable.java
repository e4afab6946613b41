// Stand-in for hudson.model.Actionable from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link ModelObject} that can have additional {@link Action}s. */
public abstract class Actionable implements ModelObject {
    private volatile CopyOnWriteArrayList<Action> actions;

    /** Gets actions contributed to this object. */
    @Deprecated
    @NonNull
    public List<Action> getActions() {
        synchronized (this) {
            if (actions == null) {
                actions = new CopyOnWriteArrayList<>();
            }
            return actions;
        }
    }

    /** Gets all actions, transient or persistent. Stand-in: there are no transient actions. */
    @NonNull
    public final List<? extends Action> getAllActions() {
        return Collections.unmodifiableList(new ArrayList<>(getActions()));
    }

    /** Gets all actions of a specified type that contributed to this object. */
    @NonNull
    public <T extends Action> List<T> getActions(Class<T> type) {
        List<T> r = new ArrayList<>();
        for (Action a : getActions()) {
            if (type.isInstance(a)) {
                r.add(type.cast(a));
            }
        }
        return r;
    }

    /** Adds a new action. */
    public void addAction(@NonNull Action a) {
        getActions().add(a);
    }

    /** Add an action, replacing any existing actions of the (exact) same class. */
    public void replaceAction(@NonNull Action a) {
        addOrReplaceAction(a);
    }

    public boolean addOrReplaceAction(@NonNull Action a) {
        List<Action> current = getActions();
        boolean found = false;
        for (Action a2 : current) {
            if (!found && a.equals(a2)) {
                found = true;
            } else if (a2.getClass() == a.getClass()) {
                current.remove(a2);
            }
        }
        if (!found) {
            addAction(a);
        }
        return !found;
    }

    public boolean removeAction(@Nullable Action a) {
        return a != null && getActions().removeAll(Collections.singleton(a));
    }

    public boolean removeActions(@NonNull Class<? extends Action> clazz) {
        return getActions().removeIf(clazz::isInstance);
    }

    /** Gets the action (first instance to be found) of a specified type that contributed to this build. */
    public <T extends Action> T getAction(Class<T> type) {
        for (Action a : getActions()) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }
}
