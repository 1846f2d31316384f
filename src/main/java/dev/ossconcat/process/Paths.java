package dev.ossconcat.process;

import dev.ossconcat.playlist.Op;
import dev.ossconcat.playlist.Param;

/**
 * Where a finding points: a playlist field for playlists, a process parameter for process strings. One place, so
 * that the parser's positions and the validator's paths agree.
 */
public enum Paths {
    PLAYLIST,
    PROCESS;

    /** The path of {@code p}; {@code clip} is the clip index for clip parameters, {@code source} the source index. */
    public String of(Param<?> p, int clip, int source) {
        if (this == PLAYLIST) {
            return p.playlistPath().replace("%d", Integer.toString(clip));
        }
        return switch (p.op()) {
            case CONCAT -> p.oss();
            case PRE, SUR -> clip(clip, source, p);
            case SEGMENT -> Op.SEGMENT.token() + "." + p.oss();
            case SAVEAS -> Op.SAVEAS.token() + "." + p.oss();
            case NOTIFY -> Op.NOTIFY.token() + "." + p.oss();
        };
    }

    /** The path of a parameter that does not belong to a clip. */
    public String of(Param<?> p) {
        return of(p, -1, -1);
    }

    /** The path of a clip parameter ({@link Param#CLIP_O}, {@link Param#CLIP_SS}, {@link Param#CLIP_T}). */
    public String clip(int clip, int source, Param<?> p) {
        if (this == PLAYLIST) {
            return p.playlistPath().replace("%d", Integer.toString(clip));
        }
        if (clip == source) {
            // the source clip's trim is the top-level ss/t; its key is not in the string at all
            if (p == Param.CLIP_SS || p == Param.SS) {
                return Param.SS.oss();
            }
            return p == Param.CLIP_T || p == Param.T ? Param.T.oss() : "source";
        }
        return clip < source ? processClip(Op.PRE, clip, p) : processClip(Op.SUR, clip - source - 1, p);
    }

    /** {@code /pre[0].o}: the {@code index}-th {@code /pre} or {@code /sur} of a process string. */
    static String processClip(Op op, int index, Param<?> p) {
        return op.token() + "[" + index + "]." + p.oss();
    }

    /** Video width and height are one parameter, {@code s}, in a process string. */
    public String width() {
        return this == PLAYLIST ? "output.video.width" : Param.S.oss();
    }

    public String height() {
        return this == PLAYLIST ? "output.video.height" : Param.S.oss();
    }

    /** Fields with no process parameter of their own: the clip list, the source index, the bucket, ... */
    public String field(String playlistField, String processEquivalent) {
        return this == PLAYLIST ? playlistField : processEquivalent;
    }
}
