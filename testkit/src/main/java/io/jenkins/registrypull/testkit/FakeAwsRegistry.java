package io.jenkins.registrypull.testkit;

import java.time.Clock;

/**
 * What an Amazon ECR test needs, started on 127.0.0.1: a real token-auth registry (TLS) holding
 * {@code team/app:1}, whose token server takes user {@code AWS} only with the password the {@link FakeEcrApi} minted
 * last; the fake ECR API and STS for {@code region}, sharing one {@link AwsKeyring}.
 */
public final class FakeAwsRegistry implements AutoCloseable {
    public static final String REPOSITORY = "team/app";

    private final AwsKeyring keyring = new AwsKeyring();
    private final TokenServer tokens;
    private final RegistryServer registry;
    private final FakeEcrApi ecr;
    private final FakeSts sts;

    private FakeAwsRegistry(String region, Clock clock) {
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.addPuller(TestUser.random("AWS"), REPOSITORY);
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage(REPOSITORY, "1", TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64));
        }
        ecr = FakeEcrApi.start(keyring, region, tokens::addUser, clock);
        sts = FakeSts.start(keyring, region, clock);
    }

    public static FakeAwsRegistry start(String region, Clock clock) {
        return new FakeAwsRegistry(region, clock);
    }

    public AwsKeyring keyring() {
        return keyring;
    }

    public TokenServer tokens() {
        return tokens;
    }

    public RegistryServer registry() {
        return registry;
    }

    public FakeEcrApi ecr() {
        return ecr;
    }

    public FakeSts sts() {
        return sts;
    }

    /** {@code HOST:PORT/team/app:1}. */
    public String image() {
        return registry.hostPort() + "/" + REPOSITORY + ":1";
    }

    @Override
    public void close() {
        sts.close();
        ecr.close();
        registry.close();
        tokens.close();
    }
}
