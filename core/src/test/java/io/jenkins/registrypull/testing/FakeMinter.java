package io.jenkins.registrypull.testing;

import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.MintedCredential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnauthorizedException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A {@link CredentialMinter} for tests: the n-th mint (from 1) answers user {@code username} with the password
 * {@code passwords.apply(n)}, valid {@code lifetime} from the clock's now. Counts mints, keeps what it minted (to
 * check wiping), and can hold a mint until released (to make concurrent callers meet).
 */
public final class FakeMinter implements CredentialMinter {
    private final Clock clock;
    private final Duration lifetime;
    private final String username;
    private final IntFunction<String> passwords;
    private final AtomicInteger mints = new AtomicInteger();
    private final List<Credential> minted = Collections.synchronizedList(new ArrayList<>());
    private volatile CountDownLatch gate;
    private volatile boolean refuse;
    private volatile boolean closed;

    public FakeMinter(Clock clock, Duration lifetime, String username, IntFunction<String> passwords) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.username = username;
        this.passwords = passwords;
    }

    /** Mints block until {@link #open()}. */
    public FakeMinter gated() {
        gate = new CountDownLatch(1);
        return this;
    }

    public void open() {
        gate.countDown();
    }

    /** From now on, mint fails as an issuer refusing the identity would. */
    public void refuse() {
        refuse = true;
    }

    @Override
    public MintedCredential mint() throws RegistryException {
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("the gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        if (refuse) {
            throw new UnauthorizedException("the fake issuer refused the identity", 403, List.of());
        }
        int n = mints.incrementAndGet();
        Credential credential = Credential.usernamePassword(username, SecretValue.ofString(passwords.apply(n)));
        minted.add(credential);
        return new MintedCredential(credential, clock.instant().plus(lifetime));
    }

    @Override
    public String describe() {
        return "fake token for " + username;
    }

    @Override
    public void close() {
        closed = true;
    }

    public int mints() {
        return mints.get();
    }

    public List<Credential> minted() {
        return List.copyOf(minted);
    }

    public boolean isClosed() {
        return closed;
    }
}
