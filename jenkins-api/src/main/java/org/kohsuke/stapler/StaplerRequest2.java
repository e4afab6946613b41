// Stand-in for org.kohsuke.stapler.StaplerRequest2 from org.kohsuke.stapler:stapler:2050.v425108fd5089 (type only, no members).
package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

/** Defines additional parameters/operations made available by Stapler. */
public interface StaplerRequest2 extends HttpServletRequest {
}
