// Stand-in for jenkins.YesNoMaybe from org.jenkins-ci.main:jenkins-core:2.541.3.
package jenkins;

/** Enum that represents {@link Boolean} state (including null for the absence). */
public enum YesNoMaybe {
    YES,
    NO,
    MAYBE;

    public static Boolean toBoolean(YesNoMaybe v) {
        if (v == null) {
            return null;
        }
        return v.toBool();
    }

    public Boolean toBool() {
        switch (this) {
            case YES:
                return true;
            case NO:
                return false;
            default:
                return null;
        }
    }
}
