/**
 * Test fixtures made of real parts, for the tests of every module of Registry Pull.
 *
 * <p>Everything here listens on 127.0.0.1 only, on a free port, and is stopped by its own
 * process id in {@code close()}: a {@link io.jenkins.registrypull.testkit.RegistryServer} runs
 * Debian's {@code docker-registry} (CNCF distribution 2.8) in one of its auth modes, a
 * {@link io.jenkins.registrypull.testkit.TokenServer} signs the JWTs that registry trusts, a
 * {@link io.jenkins.registrypull.testkit.TestCa} makes the TLS certificates both use,
 * {@link io.jenkins.registrypull.testkit.ImageBuilder} makes real images without the internet,
 * {@link io.jenkins.registrypull.testkit.RegistryPusher} puts them into the registry and
 * {@link io.jenkins.registrypull.testkit.Skopeo} cross-checks them with an independent client.
 *
 * <p>No secret ever goes into a child process argument or environment variable: tests of the
 * engine scan {@code /proc/*}{@code /cmdline} for passwords, and the fixtures must not be what they find.
 */
package io.jenkins.registrypull.testkit;
