// Stand-in for org.jenkinsci.plugins.variant.OptionalExtension from org.jenkins-ci.plugins:variant:70.va_d9f17f859e0 (same elements and meta-annotations).
package org.jenkinsci.plugins.variant;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import net.java.sezpoz.Indexable;

/**
 * Works like {@link hudson.Extension}, except that Jenkins activates the extension only when the plugins named in
 * {@link #requirePlugins()} are installed: how a plugin integrates with an optional dependency whose classes may be
 * absent.
 */
@Indexable
@Retention(RUNTIME)
@Target({TYPE, METHOD, FIELD})
@Documented
public @interface OptionalExtension {
    double ordinal() default 0;

    String[] requirePlugins() default {};

    Class[] requireClasses() default {};

    String[] requireVariants() default {};
}
