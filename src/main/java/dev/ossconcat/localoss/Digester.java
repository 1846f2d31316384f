package dev.ossconcat.localoss;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The MD5 (the ETag) and the CRC-64 of a content, fed in pieces as the content passes: an upload is hashed while it
 * is written, so that its bytes are read once, not written and then read back for the hashes.
 */
final class Digester {

    private final MessageDigest md5;
    private final Crc64 crc = new Crc64();

    Digester() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void update(byte[] b, int off, int len) {
        md5.update(b, off, len);
        crc.update(b, off, len);
    }

    /** Hashes the buffer's remaining bytes, leaving its position where it was. */
    void update(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            update(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            return;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] piece = new byte[Math.min(b.remaining(), 64 * 1024)];
        while (b.hasRemaining()) {
            int n = Math.min(piece.length, b.remaining());
            b.get(piece, 0, n);
            update(piece, 0, n);
        }
    }

    ObjectStore.Digest digest() {
        return new ObjectStore.Digest(HexFormat.of().withUpperCase().formatHex(md5.digest()), crc.unsigned());
    }
}
