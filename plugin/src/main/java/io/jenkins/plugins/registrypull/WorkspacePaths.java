package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import io.jenkins.registrypull.reference.ImageReference;
import java.io.File;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Output paths of the {@code oci} and {@code docker-archive} targets. They are always relative to the workspace
 * and stay inside it: absolute paths and {@code ..} escapes are refused, on the controller before any network call
 * and again on the agent against the real workspace directory.
 *
 * <p>Defaults, when {@code path} is not given (one place per repository, so two images never overwrite each other):
 * <ul>
 *   <li>{@code oci}: the layout directory {@code registry-pull/oci/<repository>}; each tag is one entry of the
 *       layout's {@code index.json} (ref name = the tag), so pulling {@code app:1} and {@code app:2} keeps both;</li>
 *   <li>{@code docker-archive}: {@code registry-pull/docker-archive/<repository>/<tag>.tar}, or
 *       {@code <digest hex>.tar} for a reference without a tag.</li>
 * </ul>
 * {@code <repository>} is the repository path of the reference, e.g. {@code team/app} for
 * {@code reg.example.com/team/app:1.2} (and {@code library/ubuntu} for {@code ubuntu}).
 */
public final class WorkspacePaths {
    /** The directory under the workspace that holds default outputs. */
    public static final String DEFAULT_ROOT = "registry-pull";

    private WorkspacePaths() {
    }

    /**
     * Checks a user-given path and returns it normalised with {@code /} separators, without {@code .} segments or
     * {@code ..} segments that stay inside the workspace.
     *
     * @throws AbortException when the path is absolute, leaves the workspace, or names the workspace itself
     */
    @NonNull
    public static String normalize(@NonNull String path) throws AbortException {
        String p = path.trim();
        if (p.startsWith("/") || p.startsWith("\\") || p.matches("^[A-Za-z]:.*") || p.startsWith("~")) {
            throw new AbortException(Messages.RegistryPull_PathAbsolute(path));
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : p.split("[/\\\\]+")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new AbortException(Messages.RegistryPull_PathEscapes(path));
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        if (segments.isEmpty()) {
            throw new AbortException(Messages.RegistryPull_PathIsWorkspace(path));
        }
        return String.join("/", segments);
    }

    /** The default output for {@code target} (which must write to the workspace), relative to the workspace. */
    @NonNull
    public static String defaultFor(@NonNull Target target, @NonNull ImageReference reference) {
        switch (target) {
            case OCI:
                return DEFAULT_ROOT + "/oci/" + reference.repository();
            case DOCKER_ARCHIVE:
                String name = reference.tag() != null ? reference.tag() : reference.digest().hex();
                return DEFAULT_ROOT + "/docker-archive/" + reference.repository() + "/" + name + ".tar";
            default:
                throw new IllegalArgumentException(target + " does not write to the workspace");
        }
    }

    /** A path segment that a file system cannot create, and why. */
    public record NameProblem(@NonNull String segment, @NonNull String reason) {
    }

    private static final java.util.regex.Pattern WINDOWS_RESERVED = java.util.regex.Pattern.compile(
            "(?i)(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\..*)?");

    /**
     * Why Windows cannot create a normalised relative path, or null when it can: a segment with a character Windows
     * refuses in names ({@code <>:"|?*}, controls; a {@code :} would even name an NTFS alternate data stream of
     * another file), a reserved device name ({@code NUL}, {@code con.tar}...), or one ending in a dot or a space
     * (Windows drops them, so two paths would name the same file). Default paths never hit these (repository
     * names, tags and digests use none of them); only a path the user gave can.
     *
     * @return the first segment Windows cannot create, and why; or null
     */
    @CheckForNull
    public static NameProblem windowsNameProblem(@NonNull String normalized) {
        for (String segment : normalized.split("/")) {
            for (char c : segment.toCharArray()) {
                if (c < 0x20 || "<>:\"|?*".indexOf(c) >= 0) {
                    return new NameProblem(segment, "has the character '" + (c < 0x20 ? "\\u" + String.format("%04x", (int) c)
                            : String.valueOf(c)) + "', which Windows does not allow in names");
                }
            }
            if (WINDOWS_RESERVED.matcher(segment).matches()) {
                return new NameProblem(segment, "is a device name Windows reserves");
            }
            if (segment.endsWith(".") || segment.endsWith(" ")) {
                return new NameProblem(segment, "ends in a dot or a space, which Windows drops");
            }
        }
        return null;
    }

    /**
     * Resolves a normalised relative path against the workspace on the machine where it is local, and checks once
     * more, with the real directories, that the result is inside the workspace: a symbolic link anywhere on the way,
     * the last name included (an OCI layout is a directory the pull writes into), could point out of it.
     */
    @NonNull
    @SuppressFBWarnings(value = "PATH_TRAVERSAL_IN", justification = "This method is the path-traversal guard: the "
            + "relative path has passed normalize() (no '..', not absolute, no empty or '.' segment) and the result is "
            + "returned only once its canonical form, every symbolic link resolved, is inside the canonical workspace.")
    public static File resolveInside(@NonNull File workspace, @NonNull String relative, @CheckForNull String shownAs)
            throws IOException {
        String normalized = normalize(relative);
        if (File.separatorChar == '\\') {
            NameProblem problem = windowsNameProblem(normalized);
            if (problem != null) {
                throw new AbortException(Messages.RegistryPull_PathWindowsName(shownAs != null ? shownAs : relative,
                        problem.segment(), problem.reason()));
            }
        }
        File root = workspace.getCanonicalFile();
        File resolved = new File(root, normalized.replace('/', File.separatorChar));
        File canonical = resolved.getCanonicalFile();
        if (!canonical.toPath().startsWith(root.toPath()) || canonical.equals(root)) {
            throw new AbortException(Messages.RegistryPull_PathEscapes(shownAs != null ? shownAs : relative));
        }
        return resolved;
    }
}
