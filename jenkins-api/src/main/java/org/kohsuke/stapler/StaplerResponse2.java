// Stand-in for org.kohsuke.stapler.StaplerResponse2 from org.kohsuke.stapler:stapler:2050.v425108fd5089 (type only, no members).
package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletResponse;

/** Defines additional operations made available by Stapler. */
public interface StaplerResponse2 extends HttpServletResponse {
}
