package dev.ossconcat.chunk;

import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.rules.Rules;
import java.util.ArrayList;
import java.util.List;

/**
 * How a playlist becomes {@code video/concat} tasks when one task joins at most {@value Rules#MAX_VIDEOS} videos:
 * a tree. The first level joins groups of consecutive clips, with their trims, into parts; each next level joins
 * groups of the parts below it; the last level is one task that writes the requested output. With {@code n} clips a
 * level has ceil(n / 11) tasks, so 11, 121 and 1,331 clips need 1, 2 and 3 levels.
 *
 * <p>Groups on a level are as even as possible (12 clips are 6 + 6, not 11 + 1): a task needs at least two videos,
 * and even groups finish at about the same time, so the next level does not wait for one long part.
 *
 * <p>A playlist of at most 11 clips is one level with one task, the playlist itself: the tree is the general case,
 * not a second code path. Parts are written to the clip bucket under {@code partsPrefix} in the
 * {@link Mezzanine} format; only the last task carries the user's output, segments and all.
 *
 * @param levels the levels in the order they run; the last has exactly one task
 */
public record ChunkPlan(List<Level> levels) {

    /** Clips a chunked job may have: three levels, and a bound on the job record and the work per notification. */
    public static final int MAX_CLIPS = Rules.MAX_CLIPS;

    public ChunkPlan {
        levels = List.copyOf(levels);
    }

    /**
     * One task of the tree.
     *
     * @param level     1-based level
     * @param index     0-based position on its level
     * @param firstClip index in the playlist of the first clip this task's output contains
     * @param lastClip  index in the playlist of the last clip this task's output contains
     * @param task      what the task does: a playlist whose clips are clips (level 1) or parts (above)
     */
    public record Part(int level, int index, int firstClip, int lastClip, Playlist task) {

        /** Where this task writes its output. */
        public String key() {
            return task.output().key();
        }
    }

    /** The tasks of one level, which can all run at once. */
    public record Level(int number, List<Part> parts) {

        public Level {
            parts = List.copyOf(parts);
        }
    }

    /**
     * The tree for {@code playlist} (presets already applied). Part keys are {@code partsPrefix} followed by the
     * level and the part's number, e.g. {@code concat-jobs/parts/abc/L1-P007.mp4}.
     */
    public static ChunkPlan of(Playlist playlist, String partsPrefix) {
        int n = playlist.clips().size();
        if (n <= Rules.MAX_VIDEOS) {
            return new ChunkPlan(List.of(new Level(1, List.of(new Part(1, 0, 0, n - 1, playlist)))));
        }
        Output mezzanine = Mezzanine.of(playlist.output());
        List<Level> levels = new ArrayList<>();
        List<Part> below = null;
        int level = 1;
        int items = n;
        while (true) {
            List<int[]> groups = groups(items);
            boolean last = groups.size() == 1;
            List<Part> parts = new ArrayList<>(groups.size());
            for (int i = 0; i < groups.size(); i++) {
                int[] g = groups.get(i);
                parts.add(part(playlist, below, level, i, g[0], g[1], last, mezzanine, partsPrefix));
            }
            levels.add(new Level(level, parts));
            if (last) {
                return new ChunkPlan(levels);
            }
            below = parts;
            items = parts.size();
            level++;
        }
    }

    /** Every task, level by level. */
    public int tasks() {
        return levels.stream().mapToInt(l -> l.parts().size()).sum();
    }

    /** The task that writes the requested output. */
    public Part last() {
        return levels.get(levels.size() - 1).parts().get(0);
    }

    /** Whether the job needs more than one task. */
    public boolean chunked() {
        return levels.size() > 1;
    }

    /** The part {@code (level, index)}, or {@code null}. */
    public Part part(int level, int index) {
        if (level < 1 || level > levels.size()) {
            return null;
        }
        List<Part> parts = levels.get(level - 1).parts();
        return index >= 0 && index < parts.size() ? parts.get(index) : null;
    }

    /**
     * {@code items} split into ceil(items / 11) consecutive groups whose sizes differ by at most one, as
     * {@code [first, last]} index pairs. With more than 11 items every group has at least 6.
     */
    static List<int[]> groups(int items) {
        int count = (items + Rules.MAX_VIDEOS - 1) / Rules.MAX_VIDEOS;
        int base = items / count;
        int larger = items % count;
        List<int[]> groups = new ArrayList<>(count);
        int first = 0;
        for (int g = 0; g < count; g++) {
            int size = base + (g < larger ? 1 : 0);
            groups.add(new int[] {first, first + size - 1});
            first += size;
        }
        return groups;
    }

    /**
     * The task joining items {@code from..to} of the level below ({@code below == null}: the playlist's clips).
     * The user's align clip keeps its role: in the task whose range contains it, the input containing it is the
     * align input; elsewhere the first input is.
     */
    private static Part part(
            Playlist playlist,
            List<Part> below,
            int level,
            int index,
            int from,
            int to,
            boolean last,
            Output mezzanine,
            String partsPrefix) {
        List<Clip> inputs = new ArrayList<>(to - from + 1);
        int firstClip;
        int lastClip;
        long align = 0;
        long userAlign = playlist.output().align();
        if (below == null) {
            inputs.addAll(playlist.clips().subList(from, to + 1));
            firstClip = from;
            lastClip = to;
            if (userAlign >= from && userAlign <= to) {
                align = userAlign - from;
            }
        } else {
            for (int i = from; i <= to; i++) {
                Part input = below.get(i);
                inputs.add(Clip.whole(input.key()));
                if (userAlign >= input.firstClip() && userAlign <= input.lastClip()) {
                    align = i - from;
                }
            }
            firstClip = below.get(from).firstClip();
            lastClip = below.get(to).lastClip();
        }
        Output output = last ? playlist.output() : mezzanine;
        output = new Output(
                last ? output.key() : partKey(partsPrefix, level, index, mezzanine.format()),
                last ? output.bucket() : null,
                null,
                output.format(),
                output.video(),
                output.audio(),
                align,
                output.segment());
        // Parts carry no idempotency key: the job's claim covers the whole tree, and each part is claimed by its key.
        Playlist task =
                new Playlist(playlist.version(), playlist.bucket(), inputs, 0, output, playlist.notifyTopic(), null);
        return new Part(level, index, firstClip, lastClip, task);
    }

    static String partKey(String partsPrefix, int level, int index, String extension) {
        return partsPrefix + "L" + level + "-P" + String.format("%03d", index + 1) + "." + extension;
    }
}
