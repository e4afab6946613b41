// Stand-in for org.kohsuke.stapler.interceptor.Interceptor from org.kohsuke.stapler:stapler:2050.v425108fd5089 (no members: request dispatch is not mirrored;
// io.jenkins.registrypull.standin.StandInWeb applies the one interceptor tests rely on, HttpVerbInterceptor).
package org.kohsuke.stapler.interceptor;

/** Intercepts (and receives callbacks about) the invocation of web-bound methods. */
public abstract class Interceptor {
}
