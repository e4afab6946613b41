// Stand-in for org.kohsuke.stapler.HttpResponse from org.kohsuke.stapler:stapler:2050.v425108fd5089.
// Only the Jakarta (StaplerRequest2) overload is mirrored; the deprecated javax.servlet overload is not.
package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import java.io.IOException;

/** Object that represents the HTTP response, which is defined as a capability to produce the response. */
public interface HttpResponse {
    /**
     * @param node the object whose "doXyz" method created this object.
     */
    default void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
        throw new AbstractMethodError("The class " + getClass().getName() + " must override generateResponse");
    }
}
