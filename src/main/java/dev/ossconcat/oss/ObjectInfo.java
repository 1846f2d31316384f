package dev.ossconcat.oss;

import java.util.Map;

/**
 * What a HEAD (or GET) tells about an object.
 *
 * @param etag           without quotes
 * @param contentHeaders lower-case content header names (content-type, cache-control, ...) and values
 * @param userMetadata   lower-case names without the x-oss-meta- prefix
 */
public record ObjectInfo(
        String bucket,
        String key,
        String etag,
        long size,
        Map<String, String> contentHeaders,
        Map<String, String> userMetadata) {}
