package dev.ossconcat.oss;

/**
 * An OSS-compatible server started inside this process when no OSS is configured: the development tools' embedded
 * server ({@code localoss} implements it). The deployed side owns this interface so that it never names the
 * development tools: a Function Compute package is built without them, and then no bean implements it.
 */
public interface EmbeddedOss {

    /** Starts the server (once) and returns its endpoint, e.g. {@code http://127.0.0.1:9100}. */
    String start();

    /** The key pair the server accepts; the instance's credentials when nothing else is configured. */
    String accessKeyId();

    String accessKeySecret();
}
