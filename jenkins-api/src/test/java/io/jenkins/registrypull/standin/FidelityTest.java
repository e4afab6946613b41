package io.jenkins.registrypull.standin;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.HostnameSpecification;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.BuildableItem;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-ins are as strict as real Jenkins where plugin tests rely on them: each case here would pass against a
 * lenient stand-in and fail against Jenkins 2.541.3 / credentials 1502 (docs/architecture.md, "stand-in fidelity").
 */
class FidelityTest {
    private static final List<DomainRequirement> REG = URIRequirementBuilder.fromUri("https://reg.example:5000/v2/").build();

    @TempDir
    Path home;

    @BeforeEach
    void start() {
        StandIn.reset();
        StandIn.startJenkins(home.toFile());
    }

    @AfterEach
    void stop() {
        StandIn.reset();
    }

    private static UsernamePasswordCredentialsImpl login(String id, String user) throws Exception {
        return new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, id, "", user, "pw-" + user);
    }

    private static boolean tracked(StandardUsernamePasswordCredentials c, StandInRun run) throws Exception {
        return CredentialsProvider.getOrCreateFingerprintOf(c).getRangeSet(run.getParent().getFullName()).includes(run.getNumber());
    }

    @Test
    void findCredentialById_plainIdIsNotTracked_parameterValueIs() throws Exception {
        UsernamePasswordCredentialsImpl c = login("reg", "bob");
        StandIn.credentials().add(c);
        StandInRun plain = StandInJob.create("plain").newRun();
        StandInRun param = StandInJob.create("param").newRun()
                .withCredentialsParameter("CREDS", "reg", false, null).triggeredBy("alice");

        assertThat(CredentialsProvider.findCredentialById("reg", StandardUsernamePasswordCredentials.class, plain, REG)).isNotNull();
        assertThat(tracked(c, plain)).as("credentials 1502 leaves tracking to the caller on this path").isFalse();
        assertThat(CredentialsProvider.findCredentialById("${CREDS}", StandardUsernamePasswordCredentials.class, param, REG))
                .isSameAs(c);
        assertThat(tracked(c, param)).isTrue();
    }

    @Test
    void findCredentialById_parameterResolvesTheChosenIdForTheTriggeringUser() throws Exception {
        StandIn.credentials().add(login("team", "team"));
        StandIn.userCredentials("alice").add(login("mine", "alice"));
        StandInRun run = StandInJob.create("app").newRun()
                .withCredentialsParameter("CREDS", "mine", false, null).triggeredBy("alice");

        assertThat(CredentialsProvider.findCredentialById("${CREDS}", StandardUsernamePasswordCredentials.class, run, REG).getUsername())
                .as("the user's own credential, USE_OWN granted").isEqualTo("alice");
        assertThat(CredentialsProvider.findCredentialById("CREDS", StandardUsernamePasswordCredentials.class, run, REG).getUsername())
                .as("a parameter name shadows a credentials id").isEqualTo("alice");

        StandIn.grantOnly(Item.READ); // neither USE_OWN nor USE_ITEM
        assertThat(CredentialsProvider.findCredentialById("${CREDS}", StandardUsernamePasswordCredentials.class, run, REG)).isNull();
        StandInRun teamRun = StandInJob.create("team-job").newRun().withCredentialsParameter("CREDS", "team", false, null).triggeredBy("alice");
        assertThat(CredentialsProvider.findCredentialById("${CREDS}", StandardUsernamePasswordCredentials.class, teamRun, REG)).isNull();
    }

    @Test
    void findCredentialById_resolvesAsTheJobsAuthentication() throws Exception {
        StandIn.credentials().add(login("team", "team"));
        StandIn.userCredentials("bob").add(login("bobs", "bob"));
        StandInJob job = StandInJob.create("app").runAs(StandIn.user("bob"));
        StandInRun run = job.newRun();

        assertThat(CredentialsProvider.findCredentialById("bobs", StandardUsernamePasswordCredentials.class, run, REG)).isNotNull();
        assertThat(CredentialsProvider.findCredentialById("team", StandardUsernamePasswordCredentials.class, run, REG))
                .as("bob may USE_ITEM (everything granted)").isNotNull();
        StandIn.grantOnly(Item.READ, Item.BUILD);
        assertThat(CredentialsProvider.findCredentialById("team", StandardUsernamePasswordCredentials.class, run, REG))
                .as("bob may not USE_ITEM: the system credentials are out of reach").isNull();
        try (ACLContext ctx = run.asExecutor()) {
            assertThat(Jenkins.getAuthentication2().getName()).isEqualTo("bob");
        }
    }

    /** As Jenkins: jobs and projects are queue tasks; a task runs as its QueueItemAuthenticator says, else SYSTEM. */
    @Test
    void tasksGetAuthenticationOf2_isTheRunAsUserElseSystem() throws Exception {
        StandInJob plain = StandInJob.create("plain");
        StandInJob asBob = StandInJob.create("as-bob").runAs(StandIn.user("bob"));
        Queue.Task project = StandInProject.create("freestyle");

        assertThat(Tasks.getAuthenticationOf2(plain)).isSameAs(ACL.SYSTEM2);
        assertThat(Tasks.getAuthenticationOf2(asBob).getName()).isEqualTo("bob");
        assertThat(Tasks.getAuthenticationOf2(project)).isSameAs(ACL.SYSTEM2);
        assertThat(project).isInstanceOf(BuildableItem.class);
    }

    @Test
    void domainRequirementsFilterCredentialsOutsideTheirDomain() throws Exception {
        Domain other = new Domain("other", null, List.of(new HostnameSpecification("other.example", null)));
        StandIn.credentials(other).add(login("scoped", "x"));
        StandInRun run = StandInJob.create("app").newRun();

        assertThat(CredentialsProvider.findCredentialById("scoped", StandardUsernamePasswordCredentials.class, run, REG)).isNull();
        assertThat(CredentialsProvider.findCredentialById("scoped", StandardUsernamePasswordCredentials.class, run,
                URIRequirementBuilder.fromUri("https://OTHER.example/v2/").build())).isNotNull();
        assertThat(CredentialsProvider.findCredentialById("scoped", StandardUsernamePasswordCredentials.class, run)).isNotNull();
    }

    @Test
    void lookupCredentialsInItem_hasNoSystemFallbackForUsers() throws Exception {
        StandIn.credentials().add(login("team", "team"));
        StandInJob job = StandInJob.create("app");

        assertThat(CredentialsProvider.lookupCredentialsInItem(StandardUsernamePasswordCredentials.class, job, StandIn.user("alice")))
                .as("even with USE_ITEM: only SYSTEM sees the system store").isEmpty();
        assertThat(CredentialsProvider.lookupCredentialsInItem(StandardUsernamePasswordCredentials.class, job, ACL.SYSTEM2)).hasSize(1);
    }

    @Test
    void extendedReadIsDisabledUnlessItsSystemPropertyIsSet() throws Exception {
        StandInJob job = StandInJob.create("app");
        assertThat(Item.EXTENDED_READ.enabled).isFalse();
        StandIn.grantOnly(Item.EXTENDED_READ);
        try (ACLContext ctx = ACL.as2(StandIn.user("alice"))) {
            assertThat(job.hasPermission(Item.EXTENDED_READ)).as("a disabled permission cannot be granted alone").isFalse();
        }
        StandIn.grantOnly(Item.CONFIGURE);
        try (ACLContext ctx = ACL.as2(StandIn.user("alice"))) {
            assertThat(job.hasPermission(Item.EXTENDED_READ)).as("implied by CONFIGURE").isTrue();
        }
    }

    @Test
    void secretFromStringDecryptsOnlyItsOwnCipherText() {
        String base64 = "{" + Base64.getEncoder().encodeToString("hunter2".getBytes(StandardCharsets.UTF_8)) + "}";
        assertThat(Secret.fromString(base64).getPlainText()).as("not a cipher text: the plain text itself").isEqualTo(base64);
        Secret s = Secret.fromString("hunter2");
        String encrypted = s.getEncryptedValue();
        assertThat(encrypted).startsWith("{").doesNotContain("hunter2");
        assertThat(Secret.fromString(encrypted).getPlainText()).isEqualTo("hunter2");
        assertThat(Secret.decrypt(base64)).isNull();
    }

    /** A web object with one POST-only method and one without a verb annotation. */
    public static final class Web {
        @org.kohsuke.stapler.verb.POST
        public String doPostOnly(@org.kohsuke.stapler.QueryParameter String value,
                @org.kohsuke.stapler.QueryParameter(fixEmpty = true) String other, @org.kohsuke.stapler.QueryParameter boolean flag) {
            return value + "/" + other + "/" + flag;
        }

        public String doAny(@org.kohsuke.stapler.AncestorInPath hudson.model.Item item) {
            return item == null ? "none" : item.getFullName();
        }
    }

    @Test
    void postRefusesGet_queryParametersBindByName() throws Exception {
        Web web = new Web();
        StandInJob job = StandInJob.create("app");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StandInWeb.call("GET", web, "doPostOnly", java.util.Map.of(), null))
                .isInstanceOf(StandInWeb.NotHandled.class);
        assertThat(StandInWeb.call("POST", web, "doPostOnly", java.util.Map.of("value", "v", "other", ""), null)).isEqualTo("v/null/false");
        assertThat(StandInWeb.call("GET", web, "doAny", java.util.Map.of(), job)).isEqualTo("app");
        assertThat(StandInWeb.call("GET", web, "doAny", java.util.Map.of(), "not an item")).isEqualTo("none");
    }

    /** A wrapper whose disposer only implements the workspace-less tearDown. */
    public static final class Wrapper extends jenkins.tasks.SimpleBuildWrapper {
        static final java.util.List<String> LOG = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void setUp(Context context, hudson.model.Run<?, ?> build, hudson.FilePath workspace, hudson.Launcher launcher,
                hudson.model.TaskListener listener, hudson.EnvVars initialEnvironment) {
            LOG.add("setUp in " + workspace.getRemote() + " job " + initialEnvironment.get("JOB_NAME"));
            context.env("WRAPPED", "yes");
            context.env("PATH+WRAPPER", "/wrapper/bin");
            context.setDisposer(new Disposer() {
                private static final long serialVersionUID = 1L;

                @Override
                public void tearDown(hudson.model.Run<?, ?> build, hudson.model.TaskListener listener) {
                    LOG.add("tearDown");
                }
            });
        }
    }

    @Test
    void simpleBuildWrapperRunsThroughTheFreestylePlumbing() throws Exception {
        Wrapper.LOG.clear();
        hudson.FilePath ws = new hudson.FilePath(home.resolve("ws").toFile());
        StandInBuild build = StandInProject.create("fs").newBuild(ws);
        hudson.model.TaskListener listener = hudson.model.TaskListener.NULL;
        java.util.Map<String, String> seen = new java.util.HashMap<>();

        hudson.model.Result r = build.run(List.of(new Wrapper()), new hudson.Launcher.LocalLauncher(listener), listener::getLogger,
                seen::putAll);

        assertThat(r).isEqualTo(hudson.model.Result.SUCCESS);
        assertThat(seen).containsEntry("WRAPPED", "yes").containsEntry("JOB_NAME", "fs");
        assertThat(seen.get("PATH")).startsWith("/wrapper/bin" + java.io.File.pathSeparator);
        assertThat(Wrapper.LOG).containsExactly("setUp in " + ws.getRemote() + " job fs", "tearDown");

        Wrapper.LOG.clear();
        StandInBuild failing = StandInProject.create("fs2").newBuild(ws);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.run(List.of(new Wrapper()),
                new hudson.Launcher.LocalLauncher(listener), listener::getLogger, env -> {
                    throw new java.io.IOException("step failed");
                })).hasMessage("step failed");
        assertThat(Wrapper.LOG).as("torn down although a step failed").endsWith("tearDown");
    }

    /** Runs on the agent: reports where its class came from and reads its own class file as a resource. */
    public static final class WhereFrom extends jenkins.security.MasterToSlaveCallable<String, java.io.IOException> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call() throws java.io.IOException {
            try (java.io.InputStream in = WhereFrom.class.getResourceAsStream("FidelityTest$WhereFrom.class")) {
                java.security.CodeSource cs = WhereFrom.class.getProtectionDomain().getCodeSource();
                return WhereFrom.class.getClassLoader().getName() + " location=" + (cs == null ? null : cs.getLocation())
                        + " resource=" + (in != null && in.readAllBytes().length > 0);
            }
        }
    }

    /** A callable that ignores the role checker (as a careless plain hudson.remoting.Callable would). */
    public static final class IgnoresRoles implements hudson.remoting.Callable<String, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call() {
            return "ran";
        }

        @Override
        public void checkRoles(org.jenkinsci.remoting.RoleChecker checker) {
        }
    }

    /** A callable meant for the controller, sent to an agent. */
    public static final class ForTheController implements hudson.remoting.Callable<String, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call() {
            return "ran";
        }

        @Override
        public void checkRoles(org.jenkinsci.remoting.RoleChecker checker) {
            checker.check(this, jenkins.security.Roles.MASTER);
        }
    }

    /** Returns an object of a class from a location that is not Jenkins, remoting or a plugin. */
    public static final class ReturnsALibraryObject extends jenkins.security.MasterToSlaveCallable<Object, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object call() {
            return new org.springframework.security.authentication.UsernamePasswordAuthenticationToken("x", "y");
        }
    }

    @Test
    void agentLoadsClassesAndResourcesAsRemoteClassLoaderDoes() throws Exception {
        StandInAgent agent = new StandInAgent(List.of(FidelityTest.class));
        assertThat(agent.call(new WhereFrom())).isEqualTo("stand-in-agent location=null resource=true");
        assertThat(agent.sent()).hasSize(1);
    }

    @Test
    void agentRefusesCallablesThatIgnoreOrMisstateTheirRole() throws Exception {
        StandInAgent agent = new StandInAgent(List.of(FidelityTest.class));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> agent.call(new IgnoresRoles())).isInstanceOf(SecurityException.class)
                .hasMessageContaining("from ignoring RoleChecker");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> agent.call(new ForTheController()))
                .isInstanceOf(SecurityException.class).hasMessageContaining("may not execute");
    }

    @Test
    void controllerRefusesClassesOutsideJenkinsPluginsAndTheWhitelist() throws Exception {
        StandInAgent agent = new StandInAgent(List.of(FidelityTest.class));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> agent.call(new ReturnsALibraryObject()))
                .isInstanceOf(java.io.InvalidClassException.class).hasMessageContaining("Refusing to unmarshal");
        assertThat(agent.isBlacklisted(String.class)).isFalse();
        assertThat(agent.isBlacklisted(java.util.ArrayList.class)).isFalse();
        assertThat(agent.isBlacklisted(java.util.concurrent.atomic.AtomicLong.class)).as("not whitelisted").isTrue();
        assertThat(agent.isBlacklisted(hudson.util.Secret.class)).as("Jenkins core").isFalse();
        assertThat(agent.isBlacklisted(WhereFrom.class)).as("the plugin").isFalse();
    }
}
