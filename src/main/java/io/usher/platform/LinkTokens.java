package io.usher.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens of emailed links. A link is minted as a random seed; its token is the seed's
 * HMAC-SHA256 under the link key (a Secret, {@code usher.link-key}), 256 bits, URL-safe. The
 * database holds the seed (in the mail waiting to be sent) and the token's SHA-256 (to find and
 * check it), never the token: a copy of the database, a backup included, opens no link without
 * the key. The token is derived again when the mail is rendered, and compared through hashes in
 * constant time.
 */
@ApplicationScoped
public class LinkTokens {

    private static final int SEED_BYTES = 16;
    private static final int MIN_KEY_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    /** A new link: the seed to keep until its mail is sent, and the hash of its token (hex). */
    public record Minted(String seed, String tokenHash) {}

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public LinkTokens(UsherConfig config) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(config.linkKey().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("usher.link-key (USHER_LINK_KEY) must be base64", e);
        }
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException(
                    "usher.link-key (USHER_LINK_KEY) must hold at least 32 random bytes, base64-encoded");
        }
        this.key = new SecretKeySpec(bytes, HMAC);
    }

    public Minted mint() {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(seed);
        return new Minted(encoded, HexFormat.of().formatHex(hash(token(encoded))));
    }

    /** The token of a link's seed: what the emailed link carries. */
    public String token(String seed) {
        byte[] mac = macs.get().doFinal(seed.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Whether a token has the shape this class makes; anything else is refused before a lookup. */
    public static boolean wellFormed(String token) {
        return token != null && token.length() == 43 && token.chars().allMatch(LinkTokens::urlSafe);
    }

    public static boolean sameHash(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static boolean urlSafe(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
