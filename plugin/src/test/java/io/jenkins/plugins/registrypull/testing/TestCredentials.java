package io.jenkins.plugins.registrypull.testing;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Descriptor;
import hudson.util.Secret;
import io.jenkins.registrypull.standin.StandIn;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/** Credentials of every kind the plugin meets, added to the stand-in Jenkins' global store. */
public final class TestCredentials {
    private TestCredentials() {
    }

    /** Registers the descriptors of the credential types (as installed plugins would). */
    public static void registerDescriptors() {
        StandIn.register(Descriptor.class, new UsernamePasswordCredentialsImpl.DescriptorImpl());
        StandIn.register(Descriptor.class, new StringCredentialsImpl.DescriptorImpl());
        StandIn.register(Descriptor.class, new SecretFile.DescriptorImpl());
        StandIn.register(Descriptor.class, new SshKey.DescriptorImpl());
    }

    public static UsernamePasswordCredentialsImpl usernamePassword(String id, String username, String password) throws Exception {
        UsernamePasswordCredentialsImpl c = new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, id, "", username, password);
        StandIn.credentials().add(c);
        return c;
    }

    public static StringCredentialsImpl secretText(String id, String secret) {
        StringCredentialsImpl c = new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "", Secret.fromString(secret));
        StandIn.credentials().add(c);
        return c;
    }

    public static SecretFile secretFile(String id, String fileName, String content) {
        SecretFile c = new SecretFile(id, fileName, content);
        StandIn.credentials().add(c);
        return c;
    }

    public static SshKey sshKey(String id) {
        SshKey c = new SshKey(id);
        StandIn.credentials().add(c);
        return c;
    }

    /** A Secret file credential (plain-credentials' FileCredentialsImpl needs Jenkins' file upload machinery). */
    public static final class SecretFile extends BaseStandardCredentials implements FileCredentials {
        private static final long serialVersionUID = 1L;
        private final String fileName;
        private final Secret content;

        SecretFile(String id, String fileName, String content) {
            super(CredentialsScope.GLOBAL, id, "");
            this.fileName = fileName;
            this.content = Secret.fromString(content);
        }

        @NonNull
        @Override
        public String getFileName() {
            return fileName;
        }

        @NonNull
        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(content.getPlainText().getBytes(StandardCharsets.UTF_8));
        }

        public static final class DescriptorImpl extends BaseStandardCredentialsDescriptor {
            @NonNull
            @Override
            public String getDisplayName() {
                return "Secret file";
            }
        }
    }

    /** A credential type the plugin does not accept (stands for "SSH Username with private key"). */
    public static final class SshKey extends BaseStandardCredentials implements StandardCredentials {
        private static final long serialVersionUID = 1L;

        SshKey(String id) {
            super(CredentialsScope.GLOBAL, id, "");
        }

        public static final class DescriptorImpl extends BaseStandardCredentialsDescriptor {
            @NonNull
            @Override
            public String getDisplayName() {
                return "SSH Username with private key";
            }
        }
    }
}
