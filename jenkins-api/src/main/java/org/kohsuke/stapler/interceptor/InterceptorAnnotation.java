// Stand-in for org.kohsuke.stapler.interceptor.InterceptorAnnotation from org.kohsuke.stapler:stapler:2050.v425108fd5089.
package org.kohsuke.stapler.interceptor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks an annotation as one that wraps a web method with an {@link Interceptor}. */
@Target(ElementType.ANNOTATION_TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InterceptorAnnotation {
    Class<? extends Interceptor> value();

    Stage stage() default Stage.PREINVOKE;
}
