// Stand-in for org.kohsuke.stapler.verb.POST from org.kohsuke.stapler:stapler:2050.v425108fd5089.
// Not mirrored: the @InterceptorAnnotation(HttpVerbInterceptor.class) meta-annotation (request-dispatch machinery).
package org.kohsuke.stapler.verb;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Restricts a web method to the HTTP POST method. */
@Target(METHOD)
@Retention(RUNTIME)
@Documented
public @interface POST {
}
