package io.jenkins.registrypull.mirror;

import io.jenkins.registrypull.credential.Credential;

import java.util.Map;

/**
 * The mirror configuration of a pull: the registry rules and, per mirror location, the credential that mirror logs
 * in with. A mirror without an entry is spoken to anonymously; it never gets the registry's credential. The
 * credentials are owned by the caller (not wiped here).
 */
public record MirrorSettings(RegistriesConf registries, Map<String, Credential> mirrorCredentials) {

    public static final MirrorSettings NONE = new MirrorSettings(RegistriesConf.EMPTY, Map.of());

    public MirrorSettings {
        mirrorCredentials = Map.copyOf(mirrorCredentials);
    }

    public static MirrorSettings of(RegistriesConf registries) {
        return new MirrorSettings(registries, Map.of());
    }

    /** The credential for the mirror at {@code location}: its own, or anonymous. */
    public Credential credentialFor(String location) {
        return mirrorCredentials.getOrDefault(location, Credential.anonymous());
    }

    @Override
    public String toString() {
        return "MirrorSettings[" + registries.registries().size() + " rules, credentials for "
                + mirrorCredentials.keySet() + "]";
    }
}
