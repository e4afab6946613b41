// Stand-in for org.jvnet.hudson.annotation_indexer.Indexed from org.jenkins-ci:annotation-indexer:1.18.
// (Maven Central only has annotation-indexer 1.4 from 2012: its parent POM is not on Central and it writes the legacy
// META-INF/annotations/ path, so the stand-in mirrors the current artifact instead.)
package org.jvnet.hudson.annotation_indexer;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Marks annotations whose uses are indexed at compile time (see {@link AnnotationProcessorImpl}). */
@Documented
@Retention(RUNTIME)
@Target(ANNOTATION_TYPE)
public @interface Indexed {
}
