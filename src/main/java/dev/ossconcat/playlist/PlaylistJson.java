package dev.ossconcat.playlist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.json.StrictObject;
import dev.ossconcat.report.Findings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON playlist of docs/playlist.md, read from and written to a Jackson tree. Reading is strict (unknown fields
 * are typos, and a typo silently ignored would cost a billed transcode) and collects every problem with its path
 * instead of stopping at the first, which Jackson's data binding would do.
 */
public final class PlaylistJson {

    private static final Set<String> PLAYLIST_FIELDS =
            Set.of("version", "bucket", "clips", "source", "output", "notify", "idempotencyKey", "callback");
    private static final Set<String> CLIP_FIELDS = Set.of("key", "start", "duration");
    private static final Set<String> OUTPUT_FIELDS =
            Set.of("key", "bucket", "preset", "format", "video", "audio", "align", "segment");
    private static final Set<String> VIDEO_FIELDS = fieldsOf(Param.Group.VIDEO);
    private static final Set<String> AUDIO_FIELDS = fieldsOf(Param.Group.AUDIO);
    private static final Set<String> SEGMENT_FIELDS = Set.of("format", "duration");
    private static final Set<String> NOTIFY_FIELDS = Set.of("topic");
    private static final Set<String> CALLBACK_FIELDS = Set.of("url");

    private PlaylistJson() {}

    public static Decoded read(JsonNode root) {
        Findings findings = new Findings();
        if (root == null || !root.isObject()) {
            findings.error("", "wrong_type", "the playlist must be a JSON object; got " + StrictObject.describe(root));
            return new Decoded(
                    new Playlist(Playlist.CURRENT_VERSION, null, List.of(), 0, null, null, null), findings.all());
        }
        StrictObject o = new StrictObject(root, "", PLAYLIST_FIELDS, findings);
        Long version = o.integer("version");
        Long source = o.integer("source");
        Playlist playlist = new Playlist(
                version == null ? Playlist.CURRENT_VERSION : clampInt(version),
                o.text("bucket"),
                clips(o, findings),
                source == null ? 0 : clampInt(source),
                output(o.object("output", OUTPUT_FIELDS), findings),
                notifyTopic(o.object("notify", NOTIFY_FIELDS)),
                o.text("idempotencyKey"),
                callback(o.object("callback", CALLBACK_FIELDS), findings));
        return new Decoded(playlist, findings.all());
    }

    private static List<Clip> clips(StrictObject o, Findings findings) {
        JsonNode node = o.node("clips");
        List<Clip> clips = new ArrayList<>();
        if (node == null) {
            return clips;
        }
        if (!node.isArray()) {
            findings.error(
                    "clips",
                    "wrong_type",
                    "clips must be an array of {\"key\": ...} objects; got " + StrictObject.describe(node));
            return clips;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "clips[" + i + "]";
            JsonNode c = node.get(i);
            if (!c.isObject()) {
                findings.error(
                        path,
                        "wrong_type",
                        path + " must be an object such as {\"key\": \"a.mp4\"}; got " + StrictObject.describe(c));
                clips.add(new Clip(null, 0, 0));
                continue;
            }
            StrictObject clip = new StrictObject(c, path, CLIP_FIELDS, findings);
            Long start = clip.integer("start");
            Long duration = clip.integer("duration");
            clips.add(new Clip(clip.text("key"), start == null ? 0 : start, duration == null ? 0 : duration));
        }
        return clips;
    }

    private static Output output(StrictObject o, Findings findings) {
        if (o == null) {
            return Output.EMPTY;
        }
        Long align = o.integer("align");
        StrictObject seg = o.object("segment", SEGMENT_FIELDS);
        return new Output(
                o.text("key"),
                o.text("bucket"),
                o.text("preset"),
                o.text("format"),
                video(o, findings),
                audio(o, findings),
                align == null ? 0 : align,
                seg == null ? null : new Segment(seg.text("format"), seg.integer("duration")));
    }

    private static Video video(StrictObject output, Findings findings) {
        JsonNode node = output.node("video");
        if (node != null && node.isBoolean() && !node.booleanValue()) {
            return Video.OFF;
        }
        StrictObject v = streamObject(output, "video", VIDEO_FIELDS, findings);
        return v == null ? Video.UNSET : new Video(false, settings(v, Param.Group.VIDEO));
    }

    private static Audio audio(StrictObject output, Findings findings) {
        JsonNode node = output.node("audio");
        if (node != null && node.isBoolean() && !node.booleanValue()) {
            return Audio.OFF;
        }
        StrictObject a = streamObject(output, "audio", AUDIO_FIELDS, findings);
        return a == null ? Audio.UNSET : new Audio(false, settings(a, Param.Group.AUDIO));
    }

    /** Every parameter of {@code group} that the object sets, read by the JSON type of its kind. */
    private static Settings settings(StrictObject o, Param.Group group) {
        Settings.Builder settings = Settings.builder();
        for (Param<?> p : Param.in(group)) {
            settings.put(p, read(o, p));
        }
        return settings.build();
    }

    private static Object read(StrictObject o, Param<?> p) {
        String field = p.jsonFields().get(0);
        return switch (p.kind()) {
            case INTEGER -> o.integer(field);
            case DECIMAL -> o.decimal(field);
            case TEXT, NAME -> o.text(field);
            case RESOLUTION -> {
                Long width = o.integer("width");
                Long height = o.integer("height");
                yield width == null && height == null ? null : new Resolution(width, height);
            }
        };
    }

    private static Set<String> fieldsOf(Param.Group group) {
        return Param.in(group).stream().flatMap(p -> p.jsonFields().stream()).collect(Collectors.toUnmodifiableSet());
    }

    private static StrictObject streamObject(StrictObject output, String name, Set<String> fields, Findings findings) {
        JsonNode node = output.node(name);
        if (node == null) {
            return null;
        }
        String path = output.path(name);
        if (!node.isObject()) {
            findings.error(
                    path,
                    "wrong_type",
                    path + " must be an object, or false to drop the " + name + " stream; got "
                            + StrictObject.describe(node));
            return null;
        }
        return new StrictObject(node, path, fields, findings);
    }

    /** The URL is what a callback is; its scheme and host are checked at the edge (webhook.Callbacks). */
    private static Callback callback(StrictObject callback, Findings findings) {
        if (callback == null) {
            return null;
        }
        String url = callback.text("url");
        if (url == null) {
            if (callback.node("url") == null) {
                findings.error(
                        callback.path("url"),
                        "required",
                        "callback.url is required: the https URL the job's end is posted to");
            }
            return null;
        }
        return new Callback(url);
    }

    private static String notifyTopic(StrictObject notify) {
        return notify == null ? null : notify.text("topic");
    }

    /** Out-of-int values become values the validator rejects with their own message. */
    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    // ---- writing ------------------------------------------------------------------------------------------

    /** The playlist as JSON; unset fields and zero start/duration/align are left out, as a user would write it. */
    public static ObjectNode write(Playlist p) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", p.version());
        putText(root, "bucket", p.bucket());
        var clips = root.putArray("clips");
        for (Clip c : p.clips()) {
            ObjectNode clip = clips.addObject();
            clip.put("key", c.key());
            if (c.start() != 0) {
                clip.put("start", c.start());
            }
            if (c.duration() != 0) {
                clip.put("duration", c.duration());
            }
        }
        root.put("source", p.source());
        Output o = p.output();
        ObjectNode out = root.putObject("output");
        putText(out, "key", o.key());
        putText(out, "bucket", o.bucket());
        putText(out, "preset", o.preset());
        putText(out, "format", o.format());
        writeStream(out, "video", o.video().disabled(), o.video().settings());
        writeStream(out, "audio", o.audio().disabled(), o.audio().settings());
        if (o.align() != 0) {
            out.put("align", o.align());
        }
        if (o.segment() != null) {
            ObjectNode seg = out.putObject("segment");
            putText(seg, "format", o.segment().format());
            putNumber(seg, "duration", o.segment().duration());
        }
        if (p.notifyTopic() != null) {
            root.putObject("notify").put("topic", p.notifyTopic());
        }
        putText(root, "idempotencyKey", p.idempotencyKey());
        if (p.callback() != null) {
            root.putObject("callback").put("url", p.callback().url());
        }
        return root;
    }

    private static void writeStream(ObjectNode out, String name, boolean disabled, Settings settings) {
        if (disabled) {
            out.put(name, false);
            return;
        }
        if (settings.isEmpty()) {
            return;
        }
        ObjectNode n = out.putObject(name);
        settings.asMap().forEach((p, value) -> write(n, p, value));
    }

    private static void write(ObjectNode n, Param<?> p, Object value) {
        if (value instanceof Resolution r) {
            putNumber(n, "width", r.width());
            putNumber(n, "height", r.height());
        } else if (value instanceof Number number) {
            putNumber(n, p.jsonFields().get(0), number);
        } else {
            putText(n, p.jsonFields().get(0), (String) value);
        }
    }

    private static void putText(ObjectNode n, String name, String value) {
        if (value != null) {
            n.put(name, value);
        }
    }

    private static void putNumber(ObjectNode n, String name, Number value) {
        if (value instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                n.put(name, d.longValue());
            } else {
                n.put(name, d);
            }
        } else if (value != null) {
            n.put(name, value.longValue());
        }
    }
}
