// Stand-in for hudson.model.Descriptor from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;

/**
 * Metadata about a configurable instance. Stand-in: {@link #load()} and {@link #save()} persist nothing.
 */
public abstract class Descriptor<T extends Describable<T>> implements Saveable {
    /** The class being described by this descriptor. */
    public final transient Class<? extends T> clazz;

    protected Descriptor(Class<? extends T> clazz) {
        if (clazz == self()) {
            @SuppressWarnings("unchecked")
            Class<? extends T> own = (Class<? extends T>) getClass();
            clazz = own;
        }
        this.clazz = clazz;
    }

    /** Infers the type of the corresponding {@link Describable} from the outer class. */
    @SuppressWarnings("unchecked")
    protected Descriptor() {
        this.clazz = (Class<T>) getClass().getEnclosingClass();
        if (clazz == null) {
            throw new AssertionError(getClass() + " doesn't have an outer class. Use the constructor that takes the Class object explicitly.");
        }
    }

    /** Human readable name of this kind of configurable object. */
    @NonNull
    public String getDisplayName() {
        return clazz.getSimpleName();
    }

    /** Uniquely identifies this {@link Descriptor} among all the other {@link Descriptor}s. */
    public String getId() {
        return clazz.getName();
    }

    public final boolean isInstance(T instance) {
        return clazz.isInstance(instance);
    }

    public final boolean isSubTypeOf(@SuppressWarnings("rawtypes") Class type) {
        return type.isAssignableFrom(clazz);
    }

    /** Loads the data from the disk into this object. Stand-in: nothing is stored. */
    public synchronized void load() {
    }

    /** Saves the configuration info to the disk. Stand-in: nothing is stored. */
    @Override
    public synchronized void save() {
    }

    /** Used in {@link #Descriptor(Class)} to mean "the class of this descriptor". */
    @SuppressWarnings("rawtypes")
    protected static Class self() {
        return Self.class;
    }

    private static final class Self {
    }

    /** Signals a problem in the submission of a configuration form. */
    public static final class FormException extends Exception implements HttpResponse {
        private static final long serialVersionUID = 1L;

        private final String formField;

        public FormException(String message, String formField) {
            super(message);
            this.formField = formField;
        }

        public FormException(String message, Throwable cause, String formField) {
            super(message, cause);
            this.formField = formField;
        }

        public FormException(Throwable cause, String formField) {
            super(cause);
            this.formField = formField;
        }

        /** Which form field contained an error? */
        public String getFormField() {
            return formField;
        }
    }
}
