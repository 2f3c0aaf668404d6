package dev.localipc.core.internal.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The protocol's random identifiers and the token check: tokens are 256 bits from
 * {@link SecureRandom} as 64 lowercase hex characters and are compared in constant time.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{64}");

    private Secrets() {
    }

    /** A new token: 256 random bits, 64 lowercase hex characters. */
    public static String newToken() {
        return random(32);
    }

    /** A new client id candidate: 12 lowercase hex characters. */
    public static String newClientId() {
        return random(6);
    }

    /** A new session id: 128 random bits as 32 lowercase hex characters. */
    public static String newSessionId() {
        return random(16);
    }

    /**
     * Checks a token given to a builder.
     *
     * @throws IllegalArgumentException saying what a token must look like
     */
    public static String checkToken(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("a token must be 64 lowercase hex characters (256 bits), got "
                    + (token == null ? "null" : token.length() + " characters")
                    + ": leave it unset to generate one, or pass the server's token");
        }
        return token;
    }

    /** Whether {@code given} equals {@code expected}, in time independent of where they differ. */
    public static boolean matches(String given, String expected) {
        byte[] a = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
        byte[] b = expected.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(a, b);
    }

    /**
     * Reads a token file.
     *
     * @throws IOException naming the file and the fix when it is missing or malformed
     */
    public static String readTokenFile(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no token file: is the server running? Or pass the token"
                    + " with the builder or the LOCALIPC_TOKEN environment variable");
        }
        if (!TOKEN.matcher(text).matches()) {
            throw new IOException("token file " + file + " does not hold 64 lowercase hex characters: the server writes it;"
                    + " restart the server or pass the token with LOCALIPC_TOKEN");
        }
        return text;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HEX.formatHex(value);
    }
}
