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

    static OssError noSuchKey(String bucket, String key) {
        return new OssError(404, "NoSuchKey", "The specified key does not exist.");
    }

    static OssError invalidObjectName(String why) {
        return new OssError(400, "InvalidObjectName", "The specified object is not valid: " + why);
    }
}
