package io.jenkins.registrypull.cloud.aws;

import io.jenkins.registrypull.cloud.EndpointOverride;
import io.jenkins.registrypull.error.InvalidInputException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@link AwsIdentity} into the AWS SDK's credential provider, reading the agent's identity from an injected
 * environment: the SDK's providers do the work (profile files, ECS, IMDSv2, STS), and every endpoint override
 * passes {@link EndpointOverride} first. {@link #close()} closes the STS clients and providers it made.
 */
final class AwsCredentialSources implements AutoCloseable {
    static final String SESSION_NAME = "jenkins-registry-pull";
    static final String ENDPOINT_STS = "AWS_ENDPOINT_URL_STS";
    static final String ENDPOINT_IMDS = "AWS_EC2_METADATA_SERVICE_ENDPOINT";

    private final Map<String, String> env;
    private final String region;
    private final List<AutoCloseable> opened = new ArrayList<>();

    AwsCredentialSources(Map<String, String> env, String region) {
        this.env = env;
        this.region = region;
    }

    /** The provider for {@code identity}; nothing is called yet. */
    AwsCredentialsProvider provider(AwsIdentity identity) throws InvalidInputException {
        AwsCredentialsProvider base;
        if (identity instanceof AwsIdentity.Keys keys) {
            // the SDK's credential types hold strings: these live as long as the minter, which close() ends
            base = StaticCredentialsProvider.create(keys.sessionToken() == null
                    ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey().reveal())
                    : AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey().reveal(),
                            keys.sessionToken().reveal()));
        } else {
            base = agentChain();
        }
        if (identity.roleArn() == null) {
            return base;
        }
        StsClient sts = sts(base);
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .asyncCredentialUpdateEnabled(false)
                .refreshRequest(r -> r.roleArn(identity.roleArn()).roleSessionName(SESSION_NAME)).build();
        opened.add(assumed);
        return assumed;
    }

    /**
     * The standard chain, in the SDK's order, from {@link #env}: environment keys, web identity token file (EKS
     * IRSA), shared profile, ECS container credentials, EC2 instance metadata (IMDSv2).
     */
    private AwsCredentialsProvider agentChain() throws InvalidInputException {
        List<AwsCredentialsProvider> chain = new ArrayList<>();
        String keyId = get("AWS_ACCESS_KEY_ID");
        String secret = get("AWS_SECRET_ACCESS_KEY");
        if (keyId != null && secret != null) {
            String token = get("AWS_SESSION_TOKEN");
            chain.add(StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(keyId, secret)
                    : AwsSessionCredentials.create(keyId, secret, token)));
        }
        String tokenFile = get("AWS_WEB_IDENTITY_TOKEN_FILE");
        String webRole = get("AWS_ROLE_ARN");
        if (tokenFile != null && webRole != null) {
            chain.add(webIdentity(Path.of(tokenFile), webRole, get("AWS_ROLE_SESSION_NAME")));
        }
        ProfileFile profiles = profiles();
        if (profiles != null) {
            String profile = get("AWS_PROFILE") != null ? get("AWS_PROFILE") : "default";
            chain.add(ProfileCredentialsProvider.builder().profileFile(profiles).profileName(profile).build());
        }
        if (get("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null
                || get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null) {
            // the SDK reads the ECS variables (and the authorization token) itself, from the process environment
            ContainerCredentialsProvider ecs = ContainerCredentialsProvider.builder()
                    .asyncCredentialUpdateEnabled(false).build();
            opened.add(ecs);
            chain.add(ecs);
        }
        if (!"true".equalsIgnoreCase(get("AWS_EC2_METADATA_DISABLED"))) {
            InstanceProfileCredentialsProvider.Builder imds = InstanceProfileCredentialsProvider.builder()
                    .asyncCredentialUpdateEnabled(false);
            String endpoint = get(ENDPOINT_IMDS);
            if (endpoint != null) {
                // without a trailing slash: the SDK appends "/latest/..." to it
                imds.endpoint(EndpointOverride.check(ENDPOINT_IMDS, endpoint).toString().replaceFirst("/$", ""));
            }
            InstanceProfileCredentialsProvider built = imds.build();
            opened.add(built);
            chain.add(built);
        }
        if (chain.isEmpty()) {
            return AnonymousCredentialsProvider.create(); // AWS then answers that the request is not signed
        }
        return AwsCredentialsProviderChain.builder().credentialsProviders(chain).reuseLastProviderEnabled(true)
                .build();
    }

    private AwsCredentialsProvider webIdentity(Path tokenFile, String roleArn, String sessionName)
            throws InvalidInputException {
        AwsIdentity.agent(roleArn); // the same ARN check as a configured role, so a typo fails before any call
        StsClient sts = sts(AnonymousCredentialsProvider.create()); // AssumeRoleWithWebIdentity is not signed
        StsAssumeRoleWithWebIdentityCredentialsProvider provider = StsAssumeRoleWithWebIdentityCredentialsProvider
                .builder().stsClient(sts).asyncCredentialUpdateEnabled(false)
                .refreshRequest(() -> AssumeRoleWithWebIdentityRequest.builder().roleArn(roleArn)
                        .roleSessionName(sessionName != null ? sessionName : SESSION_NAME)
                        .webIdentityToken(read(tokenFile)).build()) // re-read: the kubelet rotates the file
                .build();
        opened.add(provider);
        return provider;
    }

    private static String read(Path tokenFile) {
        try {
            return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web identity token file AWS_WEB_IDENTITY_TOKEN_FILE ("
                    + tokenFile + "): " + e.getClass().getSimpleName(), e);
        }
    }

    /** The shared credentials and config files that exist, or null when neither does. */
    private ProfileFile profiles() {
        String home = get("HOME") != null ? get("HOME") : System.getProperty("user.home");
        Path credentials = Path.of(get("AWS_SHARED_CREDENTIALS_FILE") != null
                ? get("AWS_SHARED_CREDENTIALS_FILE") : home + "/.aws/credentials");
        Path config = Path.of(get("AWS_CONFIG_FILE") != null ? get("AWS_CONFIG_FILE") : home + "/.aws/config");
        ProfileFile.Aggregator all = ProfileFile.aggregator();
        boolean any = false;
        if (Files.isRegularFile(credentials)) {
            all.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
            any = true;
        }
        if (Files.isRegularFile(config)) {
            all.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
            any = true;
        }
        return any ? all.build() : null;
    }

    private StsClient sts(AwsCredentialsProvider credentials) throws InvalidInputException {
        StsClientBuilder builder = StsClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        String endpoint = get(ENDPOINT_STS);
        if (endpoint != null) {
            builder.endpointOverride(EndpointOverride.check(ENDPOINT_STS, endpoint));
        }
        StsClient sts = builder.build();
        opened.add(sts);
        return sts;
    }

    private String get(String name) {
        return AwsVariables.get(env, name);
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // closing an idle SDK client frees threads and connections; nothing to report
            }
        }
        opened.clear();
    }
}
