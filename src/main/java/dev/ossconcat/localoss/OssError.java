package dev.ossconcat.localoss;

/** An OSS error answer: HTTP status, OSS error code and message, written as OSS's XML error body. */
public class OssError extends RuntimeException {

    private final int status;
    private final String code;

    public OssError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /**
     * The {@code EC} of the error body and {@code x-oss-ec} header: OSS's detailed error code, which clients log and
     * support pages index. The embedded server has OSS's table for none of them, so it gives one number per status
     * and code family, of OSS's form ({@code dddd-dddddddd}), the same for the same error every time.
     */
    public String ec() {
        return String.format("%04d-%08d", status, Math.floorMod(code.hashCode(), 100_000_000));
    }

    static OssError noSuchKey(String bucket, String key) {
        return new OssError(404, "NoSuchKey", "The specified key does not exist.");
    }

    static OssError invalidObjectName(String why) {
        return new OssError(400, "InvalidObjectName", "The specified object is not valid: " + why);
    }
}
