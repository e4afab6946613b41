// Stand-in for org.kohsuke.stapler.AnnotationHandler from org.kohsuke.stapler:stapler:2050.v425108fd5089 (no members: request binding is not mirrored;
// io.jenkins.registrypull.standin.StandInWeb binds @QueryParameter and @AncestorInPath as the real handlers do).
package org.kohsuke.stapler;

import java.lang.annotation.Annotation;

/** Handles an {@link InjectedParameter} annotation on a web-method parameter. */
public abstract class AnnotationHandler<T extends Annotation> {
}
