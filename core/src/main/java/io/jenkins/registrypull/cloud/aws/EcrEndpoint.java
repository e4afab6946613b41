package io.jenkins.registrypull.cloud.aws;

import io.jenkins.registrypull.cloud.EndpointOverride;
import io.jenkins.registrypull.error.InvalidInputException;
import okhttp3.HttpUrl;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how to ask for the token of one registry: the ECR API of the registry's region (private ECR) or of
 * us-east-1 (ECR Public), the SigV4 service name, and the JSON operation.
 *
 * @param accountId the registry's account, or null (ECR Public, or a registry host that does not name one)
 */
public record EcrEndpoint(HttpUrl url, String region, String signingName, String target, boolean publicRegistry,
                          String accountId) {

    static final String PUBLIC_HOST = "public.ecr.aws";
    static final String PUBLIC_REGION = "us-east-1";
    static final String PRIVATE_TARGET = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
    static final String PUBLIC_TARGET = "SpencerFrontendService.GetAuthorizationToken";
    static final String ENDPOINT_ECR = "AWS_ENDPOINT_URL_ECR";
    static final String ENDPOINT_ECR_PUBLIC = "AWS_ENDPOINT_URL_ECR_PUBLIC";
    static final Pattern PRIVATE = Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr(-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

    /**
     * The endpoint for {@code registryHost}.
     *
     * @param registryHost {@code host[:port]}; an ECR host names its region and account, any other host (a pull-through
     *     proxy, a test registry) is treated as private ECR in the configured region
     * @param region the configured region (an option), or null: then AWS_REGION / AWS_DEFAULT_REGION
     * @throws InvalidInputException when no region is known, or an endpoint override breaks {@link EndpointOverride}
     */
    public static EcrEndpoint forRegistry(String registryHost, String region, Map<String, String> env)
            throws InvalidInputException {
        String host = hostOf(registryHost);
        if (host.equals(PUBLIC_HOST)) {
            HttpUrl url = override(env, ENDPOINT_ECR_PUBLIC,
                    "https://api.ecr-public." + PUBLIC_REGION + ".amazonaws.com/");
            return new EcrEndpoint(url, PUBLIC_REGION, "ecr-public", PUBLIC_TARGET, true, null);
        }
        Matcher m = PRIVATE.matcher(host);
        String account = null;
        String chosen = region;
        String suffix = "";
        if (m.matches()) {
            account = m.group(1);
            String hostRegion = m.group(3);
            if (chosen != null && !chosen.equals(hostRegion)) {
                throw new InvalidInputException("region", "the registry " + registryHost + " is in " + hostRegion
                        + ", not in the configured region " + chosen + ": ECR tokens work only in their own region."
                        + " Leave the region empty (it is taken from the registry host) or set " + hostRegion + ".");
            }
            chosen = hostRegion;
            suffix = m.group(4) == null ? "" : m.group(4);
        }
        if (chosen == null) {
            chosen = AwsVariables.get(env, "AWS_REGION") != null ? AwsVariables.get(env, "AWS_REGION")
                    : AwsVariables.get(env, "AWS_DEFAULT_REGION");
        }
        if (chosen == null) {
            throw new InvalidInputException("region", "the registry host " + registryHost + " does not name an AWS"
                    + " region (it is not ACCOUNT.dkr.ecr.REGION.amazonaws.com): set the region (--aws-region, or"
                    + " AWS_REGION on the agent)");
        }
        if (!chosen.matches("[a-z]{2}(-[a-z]+)+-[0-9]+")) {
            throw new InvalidInputException("region", "'" + chosen.replaceAll("[^\\x20-\\x7e]", "?") + "' is not an"
                    + " AWS region name; accepted: e.g. eu-west-1, us-east-1, cn-north-1");
        }
        if (suffix.isEmpty() && chosen.startsWith("cn-")) {
            suffix = ".cn";
        }
        HttpUrl url = override(env, ENDPOINT_ECR, "https://api.ecr." + chosen + ".amazonaws.com" + suffix + "/");
        return new EcrEndpoint(url, chosen, "ecr", PRIVATE_TARGET, false, account);
    }

    /** {@code host[:port]} lower-cased, without the port. */
    static String hostOf(String registry) {
        return registry.toLowerCase(Locale.ROOT).replaceFirst(":[0-9]+$", "");
    }

    private static HttpUrl override(Map<String, String> env, String variable, String standard)
            throws InvalidInputException {
        String value = AwsVariables.get(env, variable);
        return value == null ? HttpUrl.get(standard) : HttpUrl.get(EndpointOverride.check(variable, value));
    }

    /** Secret-free: e.g. {@code Amazon ECR token for account 123456789012 in eu-west-1}. */
    public String describe() {
        if (publicRegistry) {
            return "Amazon ECR Public token";
        }
        return "Amazon ECR token" + (accountId != null ? " for account " + accountId : "") + " in " + region;
    }
}
