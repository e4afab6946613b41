// Stand-in for org.jenkinsci.Symbol from org.jenkins-ci:symbol-annotation:1.25 (not on Maven Central).
package org.jenkinsci;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.jvnet.hudson.annotation_indexer.Indexed;

/**
 * Defines a unique identifier to refer to an extension. {@link Indexed}: compiling a class annotated with it writes
 * {@code META-INF/services/annotations/org.jenkinsci.Symbol}.
 */
@Indexed
@Retention(RUNTIME)
@Target({TYPE})
@Documented
public @interface Symbol {
    String[] value();
}
