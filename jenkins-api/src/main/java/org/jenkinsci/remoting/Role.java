// Stand-in for org.jenkinsci.remoting.Role from org.jenkins-ci.main:remoting:3352.v17a_fb_4b_2773f.
package org.jenkinsci.remoting;

import java.util.Collection;
import java.util.Set;

/** Represents different roles two sides of the channel plays. */
public final class Role {
    private final String name;

    public Role(String name) {
        this.name = name;
    }

    public Role(Class<?> name) {
        this(name.getName());
    }

    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return super.toString() + "[" + name + "]";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof Role && ((Role) obj).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    public static final Role UNKNOWN = new Role("unknown");

    public static final Collection<Role> UNKNOWN_SET = Set.of(UNKNOWN);
}
