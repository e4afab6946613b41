// Stand-in for org.kohsuke.stapler.interceptor.Stage from org.kohsuke.stapler:stapler:2050.v425108fd5089.
package org.kohsuke.stapler.interceptor;

/** When an {@link Interceptor} runs: while the web method is being selected, or just before it is invoked. */
public enum Stage {
    SELECTION,
    PREINVOKE
}
