package dev.ossconcat.playlist;

import dev.ossconcat.report.Violation;
import java.util.List;

/**
 * A playlist read from one of the accepted encodings, with what reading it found. When {@code findings} holds an
 * error the playlist is still returned as far as it could be read, so that the validator can add its own findings
 * and the user sees every problem in one answer.
 */
public record Decoded(Playlist playlist, List<Violation> findings) {

    public boolean hasErrors() {
        return findings.stream().anyMatch(Violation::isError);
    }
}
