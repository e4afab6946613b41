// Stand-in for hudson.util.FormValidation from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members; no HTML rendering beyond renderHtml()).
package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import java.util.Collection;
import java.util.Locale;
import org.kohsuke.stapler.HttpResponse;

/** Represents the result of the form field validation. Messages are HTML-escaped, as in Jenkins. */
public abstract class FormValidation extends java.io.IOException implements HttpResponse {
    private static final long serialVersionUID = 1L;

    /** Indicates the kind of result. */
    public enum Kind {
        /** Form field value was OK and no problem was detected. */
        OK,
        /** There's a potential problem in the form field value. */
        WARNING,
        /** The form field value is in error. */
        ERROR
    }

    /** Status code of the validation result. */
    public final Kind kind;

    private FormValidation(@NonNull Kind kind) {
        this.kind = kind;
    }

    private FormValidation(@NonNull Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    private FormValidation(@NonNull Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Sends out a string error message that indicates an error. */
    public static FormValidation error(String message) {
        return errorWithMarkup(message == null ? null : Util.escape(message));
    }

    public static FormValidation warning(String message) {
        return warningWithMarkup(message == null ? null : Util.escape(message));
    }

    public static FormValidation ok(String message) {
        return okWithMarkup(message == null ? null : Util.escape(message));
    }

    /** Singleton instance that represents "OK". */
    private static final FormValidation OK = respond(Kind.OK, "<div/>");

    public static FormValidation ok() {
        return OK;
    }

    /** Sends out a string error message that indicates an error, by formatting it with {@link String#format(String, Object[])}. */
    public static FormValidation error(String format, Object... args) {
        return error(String.format(format, args));
    }

    public static FormValidation warning(String format, Object... args) {
        return warning(String.format(format, args));
    }

    public static FormValidation ok(String format, Object... args) {
        return ok(String.format(format, args));
    }

    /** Sends out a string error message, with optional "show details" link that expands to the full stack trace. */
    public static FormValidation error(Throwable e, String message) {
        return withCause(Kind.ERROR, e, message);
    }

    public static FormValidation warning(Throwable e, String message) {
        return withCause(Kind.WARNING, e, message);
    }

    private static FormValidation withCause(Kind kind, Throwable e, String message) {
        if (e == null) {
            return kind == Kind.ERROR ? error(message) : warning(message);
        }
        String html = Util.escape(message);
        return new Impl(kind, html, e);
    }

    /** Aggregate multiple validations into one: the worst kind wins, messages are joined. */
    public static @NonNull FormValidation aggregate(@NonNull Collection<FormValidation> validations) {
        if (validations == null || validations.isEmpty()) {
            return FormValidation.ok();
        }
        if (validations.size() == 1) {
            return validations.iterator().next();
        }
        StringBuilder sb = new StringBuilder("<ul style='list-style-type: none; padding-left: 0; margin: 0'>");
        Kind worst = Kind.OK;
        for (FormValidation v : validations) {
            sb.append("<li>").append(v.renderHtml()).append("</li>");
            if (v.kind.ordinal() > worst.ordinal()) {
                worst = v.kind;
            }
        }
        sb.append("</ul>");
        return respond(worst, sb.toString());
    }

    /** Sends out an HTML fragment that indicates an error. Use with caution: the markup is not escaped. */
    public static FormValidation errorWithMarkup(String message) {
        return _errorWithMarkup(message, Kind.ERROR);
    }

    public static FormValidation warningWithMarkup(String message) {
        return _errorWithMarkup(message, Kind.WARNING);
    }

    public static FormValidation okWithMarkup(String message) {
        return _errorWithMarkup(message, Kind.OK);
    }

    private static FormValidation _errorWithMarkup(final String message, final Kind kind) {
        if (message == null) {
            return kind == Kind.OK ? ok() : new Impl(kind, null, null);
        }
        return new Impl(kind, message, null);
    }

    /** Sends out an arbitrary HTML fragment as the output. */
    public static FormValidation respond(Kind kind, final String html) {
        return new Impl(kind, html, null);
    }

    /** Makes sure that the given string is not null or empty. */
    public static FormValidation validateRequired(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return error("This field is required");
        }
        return ok();
    }

    /** Makes sure that the given string is a non-negative integer. */
    public static FormValidation validateNonNegativeInteger(String value) {
        try {
            if (Integer.parseInt(value) < 0) {
                return error("Not a non-negative number");
            }
            return ok();
        } catch (NumberFormatException e) {
            return error("Not a non-negative number");
        }
    }

    /** Make sure that the given string is an integer in the range specified by the lower and upper bounds (both inclusive). */
    public static FormValidation validateIntegerInRange(String value, int lower, int upper) {
        try {
            int intValue = Integer.parseInt(value);
            if (intValue < lower) {
                return error("The value must be greater than or equal to " + lower);
            }
            if (intValue > upper) {
                return error("The value must be less than or equal to " + upper);
            }
            return ok();
        } catch (NumberFormatException e) {
            return error("Not a number");
        }
    }

    /** Makes sure that the given string is a positive integer. */
    public static FormValidation validatePositiveInteger(String value) {
        try {
            if (Integer.parseInt(value) <= 0) {
                return error("Not a positive number");
            }
            return ok();
        } catch (NumberFormatException e) {
            return error("Not a number");
        }
    }

    /** Generates the HTML fragment that represents this validation result. */
    public abstract String renderHtml();


    private static final class Impl extends FormValidation {
        private static final long serialVersionUID = 1L;
        private final String html;

        Impl(Kind kind, String html, Throwable cause) {
            super(kind, html, cause);
            this.html = html;
        }

        @Override
        public String renderHtml() {
            if (html == null) {
                return "<div/>";
            }
            return kind == Kind.OK && "<div/>".equals(html) ? html
                    : "<div class=\"" + kind.name().toLowerCase(Locale.ENGLISH) + "\">" + html + "</div>";
        }
    }
}
