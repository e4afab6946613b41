package io.jenkins.plugins.registrypull.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import io.jenkins.registrypull.cloud.aws.AwsIdentity;
import io.jenkins.registrypull.cloud.aws.EcrMinters;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.error.InvalidInputException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/** The engine's cloud minters, with the agent's environment (region, endpoint overrides, its own credential chain). */
public final class EngineCloudMinters implements CloudMinters {
    @NonNull
    private final Map<String, String> env;
    @NonNull
    private final Clock clock;

    public EngineCloudMinters(@NonNull Map<String, String> env, @NonNull Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    @NonNull
    @Override
    public CredentialMinter minterFor(@NonNull CloudLogin login) throws InvalidInputException {
        if (login.cloud() == Cloud.AWS) {
            return EcrMinters.forRegistry(login.registry(), awsIdentity(login), null, env, clock);
        }
        throw new InvalidInputException("credentialsId", login.cloud().registryName() + " logins are not minted by"
                + " this version of the engine; store the registry's token as Secret text instead (docs/credentials.md)");
    }

    private static AwsIdentity awsIdentity(CloudLogin login) throws InvalidInputException {
        if (login.isAgentIdentity()) {
            return AwsIdentity.agent(null);
        }
        char[] secret = chars(login.secret());
        char[] token = chars(login.sessionToken());
        try {
            Secret accessKeyId = login.key();
            return AwsIdentity.keys(accessKeyId == null ? null : accessKeyId.getPlainText(), secret, token, null);
        } finally {
            wipe(secret);
            wipe(token);
        }
    }

    @CheckForNull
    private static char[] chars(@CheckForNull Secret secret) {
        return secret == null ? null : secret.getPlainText().toCharArray();
    }

    private static void wipe(@CheckForNull char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
