// Stand-in for org.kohsuke.stapler.InjectedParameter from org.kohsuke.stapler:stapler:2050.v425108fd5089.
package org.kohsuke.stapler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks an annotation whose parameters Stapler injects through an {@link AnnotationHandler}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
@Documented
public @interface InjectedParameter {
    Class<? extends AnnotationHandler> value();
}
