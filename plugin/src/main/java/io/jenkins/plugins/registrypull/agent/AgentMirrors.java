package io.jenkins.plugins.registrypull.agent;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.registrypull.MirroredRegistry;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.mirror.MirrorSettings;
import io.jenkins.registrypull.mirror.RegistriesConf;
import io.jenkins.registrypull.mirror.RegistriesConfParser;
import io.jenkins.registrypull.mirror.RegistryRule;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mirror configuration a pull takes to the agent: the global rules, whether to read the agent's own registries.conf
 * too, and the mirrors' logins (their secrets as {@code hudson.util.Secret}, like the registry's) and CA certificates,
 * by mirror location. Nothing here is written to disk.
 */
public final class AgentMirrors implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ArrayList<MirroredRegistry> registries;
    private final boolean readAgentFile;
    private final String agentFile;
    private final HashMap<String, RegistryLogin> logins;
    private final HashMap<String, String> caPems;

    public AgentMirrors(@NonNull ArrayList<MirroredRegistry> registries, boolean readAgentFile, @NonNull String agentFile,
            @NonNull HashMap<String, RegistryLogin> logins, @NonNull HashMap<String, String> caPems) {
        this.registries = registries;
        this.readAgentFile = readAgentFile;
        this.agentFile = agentFile;
        this.logins = logins;
        this.caPems = caPems;
    }

    /** Mirror location to the login it uses; the others are anonymous. */
    @NonNull
    public Map<String, RegistryLogin> getLogins() {
        return java.util.Collections.unmodifiableMap(logins);
    }

    /**
     * On the agent: the engine's settings. The global rules come first, then those of the agent's registries.conf (when
     * enabled; a prefix configured in Jenkins wins). Settings the engine does not apply are printed. The mirrors'
     * credentials are added to {@code opened}: the caller wipes them when the pull ends.
     */
    @NonNull
    public MirrorSettings open(@NonNull PrintStream log, @NonNull List<Credential> opened) throws InvalidInputException {
        List<RegistryRule> rules = new ArrayList<>();
        for (MirroredRegistry r : registries) {
            rules.add(r.toRule(caPems));
        }
        List<String> notes = new ArrayList<>();
        if (readAgentFile) {
            Path file = Path.of(agentFile);
            if (Files.isRegularFile(file)) {
                RegistriesConf fromAgent = RegistriesConfParser.parse(file, "agent registries.conf");
                rules.addAll(fromAgent.registries());
                notes.addAll(fromAgent.unsupported());
            } else {
                notes.add("agent registries.conf " + agentFile + " does not exist on this agent; only the mirrors"
                        + " configured in Jenkins apply");
            }
        }
        RegistriesConf conf = RegistriesConf.of(rules, notes, "registryMirrors");
        for (String note : conf.unsupported()) {
            log.println("Registry mirrors: " + note);
        }
        Map<String, Credential> credentials = new HashMap<>();
        for (Map.Entry<String, RegistryLogin> e : logins.entrySet()) {
            Credential c = e.getValue().toCredential();
            opened.add(c);
            credentials.put(e.getKey(), c);
        }
        return new MirrorSettings(conf, credentials);
    }

    @Override
    public String toString() {
        return "AgentMirrors[" + registries.size() + " rules" + (readAgentFile ? ", and " + agentFile : "")
                + ", logins for " + logins.keySet() + "]";
    }
}
