// Stand-in for hudson.remoting.Future from org.jenkins-ci.main:remoting:3352.v17a_fb_4b_2773f.
package hudson.remoting;

/** Alias to {@link java.util.concurrent.Future}, for the result of remote calls. */
public interface Future<V> extends java.util.concurrent.Future<V> {
}
