// Stand-in for jenkins.model.Jenkins from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members and supertypes).
package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionList;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractCIBase;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.FingerprintMap;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import io.jenkins.registrypull.standin.StandIn;
import jakarta.servlet.ServletContext;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jvnet.hudson.reactor.ReactorException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Root object of the system. Stand-in: there is an instance only while a test has started one with
 * {@link StandIn#startJenkins(File)}; its ACL, extensions and descriptors are the ones the test registered.
 */
public class Jenkins extends AbstractCIBase {
    private final transient File root;
    private final transient FingerprintMap fingerprintMap = new FingerprintMap();
    private final transient Map<String, TopLevelItem> items = new ConcurrentSkipListMap<>(String.CASE_INSENSITIVE_ORDER);

    protected Jenkins(File root, ServletContext context) throws IOException, InterruptedException, ReactorException {
        this.root = root;
    }

    /** Gets the {@link Jenkins} singleton. */
    @NonNull
    public static Jenkins get() throws IllegalStateException {
        Jenkins instance = getInstanceOrNull();
        if (instance == null) {
            throw new IllegalStateException("Jenkins.instance is missing. Read the documentation of Jenkins.getInstanceOrNull to see what you are doing wrong.");
        }
        return instance;
    }

    @Deprecated
    @Nullable
    public static Jenkins getInstance() {
        return getInstanceOrNull();
    }

    /** Gets the {@link Jenkins} singleton, or null when Jenkins is not running (always so in a plain unit test). */
    @CheckForNull
    public static Jenkins getInstanceOrNull() {
        return StandIn.jenkinsOrNull();
    }

    /** Gets the {@link Authentication} object that represents the user associated with the current request. */
    @NonNull
    public static Authentication getAuthentication2() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null) {
            a = ANONYMOUS2;
        }
        return a;
    }

    @NonNull
    @Override
    public ACL getACL() {
        return StandIn.acl();
    }

    @Override
    public String getLabelString() {
        return "";
    }

    @Override
    public String getDisplayName() {
        return "Jenkins";
    }

    @Override
    public Launcher createLauncher(TaskListener listener) {
        return new Launcher.LocalLauncher(listener);
    }

    @NonNull
    @Override
    public FilePath getRootPath() {
        return new FilePath(root);
    }

    /** The root directory ({@code JENKINS_HOME}). */
    @Override
    public File getRootDir() {
        return root;
    }

    @NonNull
    @Override
    public String getFullName() {
        return "";
    }

    @Override
    public String getFullDisplayName() {
        return "";
    }

    @Override
    public List<TopLevelItem> getItems() {
        return new ArrayList<>(items.values());
    }

    @Override
    public TopLevelItem getItem(String name) throws AccessDeniedException {
        return items.get(name);
    }

    /** Stand-in: nothing is persisted. */
    @Override
    public synchronized void save() throws IOException {
    }

    @Override
    public File getRootDirFor(TopLevelItem child) {
        return new File(new File(root, "jobs"), child.getName());
    }

    /** Overwrites the existing item by new one. */
    public void putItem(TopLevelItem item) throws IOException, InterruptedException {
        items.put(item.getName(), item);
    }

    /** Gets the item by its path name from the given context. Stand-in: top-level items only. */
    @CheckForNull
    public Item getItemByFullName(String fullName) {
        return items.get(fullName);
    }

    @CheckForNull
    public <T extends Item> T getItemByFullName(@NonNull String fullName, Class<T> type) throws AccessDeniedException {
        Item i = getItemByFullName(fullName);
        return type.isInstance(i) ? type.cast(i) : null;
    }

    /** Gets the agent node of the given name. Stand-in: there are no agents. */
    @CheckForNull
    public Node getNode(String name) {
        return name == null || name.isEmpty() ? this : null;
    }

    public FingerprintMap getFingerprintMap() {
        return fingerprintMap;
    }

    /** Returns {@link ExtensionList} that retains the discovered instances for the given extension type. */
    @SuppressWarnings("unchecked")
    public <T> ExtensionList<T> getExtensionList(Class<T> extensionType) {
        return ExtensionList.lookup(extensionType);
    }

    /** Gets the {@link Descriptor} that corresponds to the given {@link Describable} type, or null. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    @CheckForNull
    public Descriptor getDescriptor(Class<? extends Describable> type) {
        for (Descriptor d : ExtensionList.lookup(Descriptor.class)) {
            if (d.clazz == type) {
                return d;
            }
        }
        return null;
    }

    /** Works just like {@link #getDescriptor(Class)} but don't take no for an answer. */
    @SuppressWarnings("rawtypes")
    @NonNull
    public Descriptor getDescriptorOrDie(Class<? extends Describable> type) {
        Descriptor d = getDescriptor(type);
        if (d == null) {
            throw new AssertionError(type + " is missing its descriptor");
        }
        return d;
    }

    /** Gets the {@link Descriptor} instance in the current Jenkins by its type. */
    @SuppressWarnings("rawtypes")
    public <T extends Descriptor> T getDescriptorByType(Class<T> type) {
        for (Descriptor d : ExtensionList.lookup(Descriptor.class)) {
            if (d.getClass() == type) {
                return type.cast(d);
            }
        }
        return null;
    }

    /** The anonymous principal. */
    public static final Authentication ANONYMOUS2 = new AnonymousAuthenticationToken(
            "anonymous", "anonymous", Set.of(new SimpleGrantedAuthority("anonymous")));

    public static final PermissionGroup PERMISSIONS = Permission.HUDSON_PERMISSIONS;
    public static final Permission ADMINISTER = Permission.HUDSON_ADMINISTER;
    public static final Permission MANAGE = new Permission(PERMISSIONS, "Manage", null, ADMINISTER, true, new PermissionScope[] {PermissionScope.JENKINS});
    public static final Permission SYSTEM_READ = new Permission(PERMISSIONS, "SystemRead", null, ADMINISTER, true, new PermissionScope[] {PermissionScope.JENKINS});
    public static final Permission READ = new Permission(PERMISSIONS, "Read", null, Permission.READ, PermissionScope.JENKINS);
    @Restricted(NoExternalUse.class) // called by jelly
    public static final Permission[] MANAGE_AND_SYSTEM_READ = new Permission[] {MANAGE, SYSTEM_READ};
}
