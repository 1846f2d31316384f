package dev.ossconcat.log;

import org.jboss.logging.Logger;

/**
 * One INFO line per 4xx answer: the call, the status and the error code, never the request's body or headers (they
 * may hold tokens, credentials or whole playlists). A caller who got a 400 or 422 can then be found in the log; 5xx
 * answers are logged where they happen, with their cause.
 */
public final class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class);

    private Refusals() {}

    public static void answered(String method, String path, int status, String code) {
        if (status >= 400 && status < 500) {
            LOG.infof(
                    "answered %d %s to %s %s",
                    status, Untrusted.value(code), Untrusted.value(method), Untrusted.value(path));
        }
    }
}
