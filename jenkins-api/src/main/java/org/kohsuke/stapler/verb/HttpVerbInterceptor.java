// Stand-in for org.kohsuke.stapler.verb.HttpVerbInterceptor from org.kohsuke.stapler:stapler:2050.v425108fd5089 (no members; see Interceptor).
package org.kohsuke.stapler.verb;

import org.kohsuke.stapler.interceptor.Interceptor;

/** Restricts a web method to the HTTP verbs of its {@code @GET}/{@code @POST}/... annotations. */
public class HttpVerbInterceptor extends Interceptor {
}
