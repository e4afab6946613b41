// Stand-in for org.kohsuke.stapler.DataBoundSetter from org.kohsuke.stapler:stapler:2050.v425108fd5089.
package org.kohsuke.stapler;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Designates a setter method or a field used to set optional parameters after the {@link DataBoundConstructor}. */
@Retention(RUNTIME)
@Target({METHOD, FIELD})
@Documented
public @interface DataBoundSetter {
}
