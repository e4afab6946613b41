package io.jenkins.registrypull.testkit;


import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS accounts the fakes share: IAM users' long-term keys, roles, and the temporary keys STS and the instance
 * metadata hand out; each key with the actions its policy allows. {@link #verify} checks a request's SigV4 signature
 * with {@link SigV4}.
 */
public final class AwsKeyring {
    public static final String ACCOUNT = "123456789012";

    /** One access key. toString shows the key id only. */
    public record Key(String accessKeyId, String secretAccessKey, String sessionToken, String principalArn,
                      Set<String> actions) {
        public boolean allows(String action) {
            return actions.contains(action) || actions.contains("*");
        }

        @Override
        public String toString() {
            return "Key[" + accessKeyId + ", " + principalArn + "]";
        }
    }

    /** A role: what it may do, and who may assume it ("web-identity" for AssumeRoleWithWebIdentity). */
    public record Role(String arn, Set<String> actions, Set<String> trustedPrincipals) {
    }

    /** Why a request was refused. */
    public enum Failure { MISSING, MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, WRONG_REGION, WRONG_SERVICE, BAD_TOKEN }

    /** The key that signed, or why the request is refused. */
    public record Verdict(Key key, Failure failure, String detail) {
        public boolean ok() {
            return failure == null;
        }
    }

    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, Role> roles = new ConcurrentHashMap<>();

    /** A new IAM user with long-term keys allowed {@code actions} (e.g. {@code ecr:GetAuthorizationToken}). */
    public Key addUser(String name, String... actions) {
        Key key = new Key("AKIA" + RandomStrings.alphanumeric(16).toUpperCase(), secret(), null,
                "arn:aws:iam::" + ACCOUNT + ":user/" + name, Set.of(actions));
        keys.put(key.accessKeyId(), key);
        return key;
    }

    /** A role allowed {@code actions}, assumable by the principals {@code trusted} (ARNs, or "web-identity"). */
    public Role addRole(String name, Set<String> trusted, String... actions) {
        Role role = new Role("arn:aws:iam::" + ACCOUNT + ":role/" + name, Set.of(actions), Set.copyOf(trusted));
        roles.put(role.arn(), role);
        return role;
    }

    public Role role(String arn) {
        return roles.get(arn);
    }

    /** New temporary keys (with a session token) acting as {@code role}. */
    public Key issueTemporary(Role role, String sessionName) {
        String name = role.arn().substring(role.arn().indexOf(":role/") + 6);
        Key key = new Key("ASIA" + RandomStrings.alphanumeric(16).toUpperCase(), secret(),
                "IQoJb3JpZ2luX2VjE" + RandomStrings.alphanumeric(120),
                "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + name + "/" + sessionName, role.actions());
        keys.put(key.accessKeyId(), key);
        return key;
    }

    public void remove(Key key) {
        keys.remove(key.accessKeyId());
    }

    public List<Key> keys() {
        return List.copyOf(keys.values());
    }

    private static String secret() {
        return RandomStrings.alphanumeric(20) + "/+" + RandomStrings.alphanumeric(18);
    }

    /** Checks the SigV4 signature of {@code request} for {@code service} in {@code region}. */
    public Verdict verify(SigV4.Request request, String service, String region) {
        String header = request.first("Authorization");
        if (header == null) {
            return new Verdict(null, Failure.MISSING, "Missing Authentication Token");
        }
        SigV4.Authorization auth = SigV4.Authorization.parse(header);
        String amzDate = request.first("X-Amz-Date");
        if (auth == null || amzDate == null || !amzDate.startsWith(auth.date())
                || !auth.signedHeaders().contains("host") || !auth.signedHeaders().contains("x-amz-date")) {
            return new Verdict(null, Failure.MALFORMED, "Authorization header requires Credential, SignedHeaders"
                    + " (with host and x-amz-date) and Signature, and an X-Amz-Date of the credential's date");
        }
        try {
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).parse(amzDate, Instant::from);
        } catch (DateTimeParseException e) {
            return new Verdict(null, Failure.MALFORMED, "X-Amz-Date is not yyyyMMdd'T'HHmmss'Z'");
        }
        Key key = keys.get(auth.accessKeyId());
        if (key == null) {
            return new Verdict(null, Failure.UNKNOWN_KEY, "The security token included in the request is invalid.");
        }
        if (!auth.service().equals(service)) {
            return new Verdict(key, Failure.WRONG_SERVICE, "Credential should be scoped to correct service: '"
                    + service + "'.");
        }
        if (!auth.region().equals(region)) {
            return new Verdict(key, Failure.WRONG_REGION, "Credential should be scoped to a valid region.");
        }
        String expected = SigV4.expectedSignature(request, auth, key.secretAccessKey());
        if (!java.security.MessageDigest.isEqual(expected.getBytes(), auth.signature().getBytes())) {
            return new Verdict(key, Failure.BAD_SIGNATURE, "The request signature we calculated does not match the"
                    + " signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        String token = request.first("X-Amz-Security-Token");
        if (key.sessionToken() != null ? !key.sessionToken().equals(token) : token != null) {
            return new Verdict(key, Failure.BAD_TOKEN, "The security token included in the request is invalid.");
        }
        return new Verdict(key, null, null);
    }
}
