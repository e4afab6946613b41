// Stand-in for org.kohsuke.stapler.DataBoundConstructor from org.kohsuke.stapler:stapler:2050.v425108fd5089.
package org.kohsuke.stapler;

import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Designates the constructor to be created from methods like {@code StaplerRequest2.bindJSON(Class, JSONObject)}. */
@Retention(RUNTIME)
@Target(CONSTRUCTOR)
@Documented
public @interface DataBoundConstructor {
}
