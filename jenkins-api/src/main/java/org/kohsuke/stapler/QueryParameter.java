// Stand-in for org.kohsuke.stapler.QueryParameter from org.kohsuke.stapler:stapler:2050.v425108fd5089.
package org.kohsuke.stapler;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Indicates that this parameter is injected from HTTP query parameter. */
@Retention(RUNTIME)
@Target(PARAMETER)
@Documented
@InjectedParameter(QueryParameter.HandlerImpl.class)
public @interface QueryParameter {
    /** query parameter name. By default, name of the parameter. */
    String value() default "";

    /** If true, request without this parameter will be rejected. */
    boolean required() default false;

    /** If true, and the actual value of this parameter is "", null is passed instead. */
    boolean fixEmpty() default false;

    /** Binds the parameter (stand-in: no members; see AnnotationHandler). */
    class HandlerImpl extends AnnotationHandler<QueryParameter> {
    }
}
