// Stand-in for org.kohsuke.stapler.AncestorInPath from org.kohsuke.stapler:stapler:2050.v425108fd5089.
package org.kohsuke.stapler;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Injects the nearest ancestor object of the parameter's type in the URL path (e.g. the {@code Item}). */
@Retention(RUNTIME)
@Target(PARAMETER)
@Documented
@InjectedParameter(AncestorInPath.HandlerImpl.class)
public @interface AncestorInPath {

    /** Binds the parameter (stand-in: no members; see AnnotationHandler). */
    class HandlerImpl extends AnnotationHandler<AncestorInPath> {
    }
}
