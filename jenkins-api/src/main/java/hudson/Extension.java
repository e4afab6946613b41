// Stand-in for hudson.Extension from org.jenkins-ci.main:jenkins-core:2.541.3 (same elements and meta-annotations).
package hudson;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import jenkins.YesNoMaybe;
import net.java.sezpoz.Indexable;

/**
 * Marks a field, a method, or a class for automatic discovery. Carries SezPoz's {@link Indexable}, so compiling a
 * class annotated with it writes {@code META-INF/annotations/hudson.Extension}, exactly as a real plugin build does.
 */
@Indexable
@Retention(RUNTIME)
@Target({TYPE, FIELD, METHOD})
@Documented
public @interface Extension {
    double ordinal() default 0;

    @Deprecated
    boolean optional() default false;

    YesNoMaybe dynamicLoadable() default YesNoMaybe.MAYBE;
}
