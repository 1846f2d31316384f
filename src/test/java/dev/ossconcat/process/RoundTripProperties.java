package dev.ossconcat.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.Resolution;
import dev.ossconcat.playlist.Segment;
import dev.ossconcat.playlist.Video;
import dev.ossconcat.rules.Plan;
import dev.ossconcat.rules.Rules;
import dev.ossconcat.rules.Validator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * parse(render(p)) == p for generated valid playlists, and render(parse(s)) is the canonical form of any string
 * that means the same job. The generator builds playlists that satisfy every rule by construction, so the
 * properties also check that the validator accepts what the rules allow.
 */
class RoundTripProperties {

    @Property(tries = 500)
    void parseOfRenderGivesThePlaylistBack(@ForAll("validPlaylists") Playlist p) {
        assertEquals(
                List.of(),
                Validator.validate(p).stream().filter(v -> v.isError()).toList(),
                "the generator builds valid playlists");
        String rendered = ProcessRenderer.render(p);
        ProcessParser.Parsed parsed =
                ProcessParser.parse(rendered, p.bucket(), p.sourceClip().key());
        assertTrue(parsed.ok(), parsed.findings()::toString);
        assertEquals(p, parsed.playlist());
        assertEquals(
                List.of(), parsed.findings(), "the canonical string is written in the forms the parser reads plain");
    }

    @Property(tries = 300)
    void aLeadingZeroOnAnyNumberOfTheCanonicalStringIsRefused(@ForAll("validPlaylists") Playlist p, @ForAll long seed) {
        // Policy "safe form exists": numbers are plain decimal in every document (S1); the renderer never writes
        // another form, and the parser refuses one wherever it stands.
        String canonical = ProcessRenderer.render(p);
        List<Integer> numbers = numberStarts(canonical);
        if (numbers.isEmpty()) {
            return; // every number of this job is a left-out default
        }
        int at = numbers.get(new Random(seed).nextInt(numbers.size()));
        String zeroed = canonical.substring(0, at) + "0" + canonical.substring(at);
        Plan plan = Plan.ofProcess(zeroed, p.bucket(), p.sourceClip().key());
        assertTrue(
                plan.errors().stream().anyMatch(v -> v.code().equals("number_form")),
                () -> zeroed + " -> " + plan.errors());
    }

    @Property(tries = 500)
    void renderOfParseIsCanonicalWhateverTheParameterOrderAndExplicitDefaults(
            @ForAll("validPlaylists") Playlist p, @ForAll long seed) {
        String canonical = ProcessRenderer.render(p);
        String shuffled = shuffleTopLevel(
                canonical,
                new Random(seed),
                p.sourceClip().start() == 0,
                p.sourceClip().duration() == 0,
                p.output().align() == 0);
        Plan plan = Plan.ofProcess(shuffled, p.bucket(), p.sourceClip().key());
        assertTrue(plan.valid(), () -> shuffled + " -> " + plan.errors());
        assertEquals(canonical, plan.process());
    }

    /** Where each number of the processing part starts (both sides of {@code s}); names are Base64, not numbers. */
    static List<Integer> numberStarts(String process) {
        List<Integer> starts = new ArrayList<>();
        int bar = process.indexOf('|');
        int tokenStart = 0;
        for (int i = 0; i <= bar; i++) {
            if (i == bar || process.charAt(i) == ',' || process.charAt(i) == '/') {
                String token = process.substring(tokenStart, i);
                int underscore = token.indexOf('_');
                String value = underscore < 0 ? "" : token.substring(underscore + 1);
                if (underscore > 0 && !token.startsWith("o_") && value.matches("[0-9.x]+")) {
                    int valueAt = tokenStart + underscore + 1;
                    if (Character.isDigit(value.charAt(0))) {
                        starts.add(valueAt);
                    }
                    int x = value.indexOf('x');
                    if (x >= 0 && x + 1 < value.length()) {
                        starts.add(valueAt + x + 1);
                    }
                }
                tokenStart = i + 1;
            }
        }
        return starts;
    }

    /** Reorders the top-level parameters and spells out the zero defaults that canonical form omits. */
    static String shuffleTopLevel(String s, Random random, boolean addSs, boolean addT, boolean addAlign) {
        String head = "video/concat";
        int end = s.indexOf('/', head.length());
        int bar = s.indexOf('|');
        int stop = end < 0 || end > bar ? bar : end;
        String params = s.substring(head.length(), stop);
        List<String> list = new ArrayList<>(List.of(params.substring(1).split(",")));
        if (addSs) {
            list.add("ss_0");
        }
        if (addT) {
            list.add("t_0");
        }
        if (addAlign) {
            list.add("align_0");
        }
        if (!list.contains("vn_1")) {
            list.add("vn_0");
        }
        // maxrate and bufsize default to 0 (S1): written out, they mean the same job
        if (list.stream().noneMatch(x -> x.startsWith("maxrate_"))) {
            list.add("maxrate_0");
        }
        if (list.stream().noneMatch(x -> x.startsWith("bufsize_"))) {
            list.add("bufsize_0");
        }
        Collections.shuffle(list, random);
        return head + "," + String.join(",", list) + s.substring(stop);
    }

    // ---- generators ---------------------------------------------------------------------------------------

    /** Keys of any BMP text (no surrogates: they are not UTF-8), never starting with a slash. */
    static Arbitrary<String> keys() {
        return Arbitraries.strings()
                .withCharRange(' ', '\uD7FF')
                .withChars("/{}é日本.")
                .ofMinLength(1)
                .ofMaxLength(60)
                .filter(k -> !k.startsWith("/") && !k.startsWith("\\"));
    }

    static Arbitrary<Clip> clips() {
        return Combinators.combine(
                        keys(),
                        Arbitraries.longs().between(0, 3_600_000).injectDuplicates(0.3),
                        Arbitraries.longs().between(0, 3_600_000).injectDuplicates(0.3))
                .as((k, ss, t) -> new Clip(k, ss % 3 == 0 ? 0 : ss, t % 2 == 0 ? 0 : t));
    }

    static final List<String> FORMATS = List.of("mp4", "mkv", "mov", "asf", "avi", "mxf", "ts", "flv");

    static Arbitrary<Video> videos(String format) {
        List<String> codecs = new ArrayList<>(List.of("h264"));
        if (!format.equals("mxf") && !format.equals("flv")) {
            codecs.add("h265");
        }
        if (format.equals("mkv")) {
            codecs.add("vp9");
        }
        Arbitrary<String> codec = Arbitraries.of(codecs);
        Arbitrary<Double> fps =
                Arbitraries.doubles().between(0.01, 240).ofScale(2).injectNull(0.3);
        // even sides: h264 and h265 take no odd side in 4:2:0 (S34), which ValidatorTest covers
        Arbitrary<Long> side =
                Arbitraries.longs().between(1, 2048).map(x -> x * 2).injectNull(0.4);
        Arbitrary<Long> option = Arbitraries.longs().between(0, 2);
        Arbitrary<Long> gop = Arbitraries.longs().between(1, 100_000).injectNull(0.5);
        Arbitrary<Long> vb = Arbitraries.longs().between(10_000, 100_000_000);
        Arbitrary<Double> crf = Arbitraries.doubles().between(0, 51).ofScale(1);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        List<Arbitrary<Object>> parts = List.of(
                codec.asGeneric(),
                fps.asGeneric(),
                side.asGeneric(),
                side.asGeneric(),
                option.asGeneric(),
                gop.asGeneric(),
                vb.asGeneric(),
                crf.asGeneric(),
                flag.asGeneric(),
                flag.asGeneric(),
                flag.asGeneric(),
                Arbitraries.of(Rules.PIXEL_FORMATS.values().keySet())
                        .injectNull(0.5)
                        .asGeneric(),
                Arbitraries.of(Rules.SCALE_TYPES.values().keySet()).asGeneric(),
                Arbitraries.longs().between(10_000, 100_000_000).asGeneric(),
                Arbitraries.longs().between(10_000, 200_000_000).asGeneric());
        return Combinators.combine(parts).as(v -> {
            String c = (String) v.get(0);
            Double f = (Double) v.get(1);
            Long w = (Long) v.get(2);
            Long h = (Long) v.get(3);
            long opt = (Long) v.get(4);
            boolean useCrf = (Boolean) v.get(8);
            boolean options = (Boolean) v.get(9);
            boolean rateCap = (Boolean) v.get(10);
            String pix = (String) v.get(11);
            if ("yuva420p".equals(pix) && !c.equals("vp9")) {
                pix = null;
            }
            boolean hasS = w != null || h != null;
            return Video.UNSET
                    .with(Param.VCODEC, c)
                    .with(Param.FPS, f)
                    .with(Param.FPSOPT, options && f != null ? opt : null)
                    .with(Param.PIXFMT, pix)
                    .with(Param.S, hasS ? new Resolution(w, h) : null)
                    .with(Param.SOPT, options && hasS ? opt : null)
                    .with(Param.SCALETYPE, options && hasS ? (String) v.get(12) : null)
                    .with(Param.AROTATE, options ? opt % 2 : null)
                    .with(Param.G, (Long) v.get(5))
                    .with(Param.VB, useCrf ? null : (Long) v.get(6))
                    .with(Param.VBOPT, !useCrf && options ? opt : null)
                    .with(Param.CRF, useCrf ? (Double) v.get(7) : null)
                    .with(Param.MAXRATE, useCrf && rateCap ? (Long) v.get(13) : null)
                    .with(Param.BUFSIZE, useCrf && rateCap ? (Long) v.get(14) : null);
        });
    }

    static Arbitrary<Audio> audios(String format) {
        Set<String> refused = Rules.AUDIO_REFUSED.stream()
                .filter(r -> r.container().equals(format))
                .flatMap(r -> r.codecs().stream())
                .collect(java.util.stream.Collectors.toSet());
        List<String> codecs = Rules.AUDIO_CODECS.values().keySet().stream()
                .filter(c -> !refused.contains(c))
                .toList();
        return Arbitraries.of(codecs).flatMap(codec -> {
            Set<Long> rates = Rules.CODEC_SAMPLE_RATES.getOrDefault(codec, Set.copyOf(Rules.SAMPLE_RATES));
            long maxChannels = Rules.CODEC_MAX_CHANNELS.getOrDefault(codec, 8L);
            return Combinators.combine(
                            Arbitraries.of(rates),
                            Arbitraries.longs().between(1, maxChannels),
                            Arbitraries.longs().between(1_000, 10_000_000),
                            Arbitraries.longs().between(0, 100),
                            Arbitraries.of(true, false),
                            Arbitraries.of(16L, 24L))
                    .as((ar, ac, ab, aq, useAq, depth) -> Audio.UNSET
                            .with(Param.ACODEC, codec)
                            .with(Param.AR, ar)
                            .with(Param.AC, ac)
                            .with(Param.AQ, useAq ? aq : null)
                            .with(Param.AB, useAq ? null : ab)
                            .with(Param.ABOPT, useAq ? null : ab % 3)
                            .with(Param.ADEPTH, codec.equals("flac") ? depth : null));
        });
    }

    record Streams(Video video, Audio audio) {}

    @Provide
    Arbitrary<Playlist> validPlaylists() {
        return Arbitraries.of(FORMATS)
                .flatMap(format -> Combinators.combine(
                                // a join takes two videos at least (single_video), at most MAX_VIDEOS
                                clips().list().ofMinSize(2).ofMaxSize(Rules.MAX_VIDEOS),
                                Arbitraries.integers().between(0, Rules.MAX_VIDEOS - 1),
                                Arbitraries.integers().between(0, Rules.MAX_VIDEOS - 1),
                                keys(),
                                Arbitraries.of("media-bucket", "out-1", "abc").injectNull(0.3),
                                Combinators.combine(
                                                videos(format).injectNull(0.1),
                                                audios(format).injectNull(0.1))
                                        .as(Streams::new)
                                        // one stream at least (no_streams)
                                        .filter(st -> st.video() != null || st.audio() != null),
                                Arbitraries.of("hls", "dash").injectNull(0.7),
                                Arbitraries.strings()
                                        .alpha()
                                        .ofMinLength(1)
                                        .ofMaxLength(20)
                                        .injectNull(0.5))
                        .as((clips, source, align, key, outBucket, streams, seg, topic) -> {
                            Video video = streams.video();
                            Audio audio = streams.audio();
                            boolean segmentable = format.equals("mp4") || format.equals("ts");
                            Output out = new Output(
                                    key,
                                    outBucket,
                                    null,
                                    format,
                                    video == null ? Video.OFF : video,
                                    audio == null ? Audio.OFF : audio,
                                    align % clips.size(),
                                    segmentable && seg != null ? new Segment(seg, (long) (align * 1000)) : null);
                            return new Playlist(1, "media-bucket", clips, source % clips.size(), out, topic, null);
                        }));
    }
}
