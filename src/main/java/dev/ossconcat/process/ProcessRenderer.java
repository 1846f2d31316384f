package dev.ossconcat.process;

import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Op;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Playlist;
import java.math.BigDecimal;

/**
 * Renders a playlist as the one canonical {@code video/concat} process string:
 * <pre>
 * video/concat[,ss_][,t_],f_[,vn_1],vcodec_,...,align_   top-level parameters in the order of {@link Param}
 *   (/pre,o_[,ss_][,t_])*    clips before the source, in playback order
 *   (/sur,o_[,ss_][,t_])*    clips after the source, in playback order
 *   [/segment,f_,t_]
 * |sys/saveas[,b_],o_[/notify,topic_]
 * </pre>
 * Unset parameters are left out, and so are values equal to a documented default that means "nothing to do"
 * ({@code ss_0}, {@code t_0}, {@code vn_0}, {@code an_0}, {@code align_0}), so that equal playlists render equal
 * strings. The caller validates first: rendering an invalid playlist gives a string OSS would reject.
 */
public final class ProcessRenderer {

    private ProcessRenderer() {}

    public static String render(Playlist playlist) {
        StringBuilder sb = new StringBuilder(256 + 80 * playlist.clips().size());
        Output out = playlist.output();

        sb.append(Op.CONCAT.token());
        for (Param<?> p : Param.values()) {
            if (p.op() == Op.CONCAT) {
                param(sb, p, p.valueIn(playlist));
            }
        }
        for (int i = 0; i < playlist.clips().size(); i++) {
            if (i != playlist.source()) {
                clip(
                        sb,
                        i < playlist.source() ? Op.PRE : Op.SUR,
                        playlist.clips().get(i));
            }
        }
        if (out.segment() != null) {
            sb.append(Op.SEGMENT.token());
            param(sb, Param.SEGMENT_F, Param.SEGMENT_F.valueIn(playlist));
            param(sb, Param.SEGMENT_T, Param.SEGMENT_T.valueIn(playlist));
        }

        sb.append('|').append(Op.SAVEAS.token());
        name(sb, Param.SAVEAS_B, out.bucket());
        name(sb, Param.SAVEAS_O, out.key());
        if (playlist.notifyTopic() != null) {
            sb.append(Op.NOTIFY.token());
            name(sb, Param.NOTIFY_TOPIC, playlist.notifyTopic());
        }
        return sb.toString();
    }

    /** Decimals without exponent or trailing zeros: {@code 25}, {@code 29.97}. */
    public static String decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void clip(StringBuilder sb, Op op, Clip clip) {
        sb.append(op.token());
        name(sb, Param.CLIP_O, clip.key());
        param(sb, Param.CLIP_SS, clip.start() == 0 ? null : clip.start());
        param(sb, Param.CLIP_T, clip.duration() == 0 ? null : clip.duration());
    }

    private static void name(StringBuilder sb, Param<String> p, String text) {
        if (text != null) {
            param(sb, p, Base64Url.encode(text));
        }
    }

    private static void param(StringBuilder sb, Param<?> p, Object value) {
        if (value == null) {
            return;
        }
        sb.append(',').append(p.oss()).append('_');
        sb.append(value instanceof Double d ? decimal(d) : value.toString());
    }
}
