package dev.ossconcat.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Decoded;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.playlist.Resolution;
import dev.ossconcat.playlist.Video;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every video and audio parameter, with any value its kind can carry, survives the process string and the JSON
 * playlist both ways. The parameters and their values are generated from the {@link Param} definitions alone, so a
 * parameter added there is covered here without a line of test code: this is what makes its one definition enough.
 * (Whether a value is allowed is the validator's business and is tested with the rules.)
 */
class EveryParameterProperties {

    record Setting(Param<?> param, Object value) {}

    static final List<Param<?>> STREAM_PARAMS = Stream.concat(
                    Param.in(Param.Group.VIDEO).stream(), Param.in(Param.Group.AUDIO).stream())
            .toList();

    @Property(tries = 400)
    void aSettingRoundTripsThroughTheProcessStringAndJson(@ForAll("settings") List<Setting> settings) {
        Playlist p = playlistWith(settings);

        String rendered = ProcessRenderer.render(p);
        ProcessParser.Parsed parsed =
                ProcessParser.parse(rendered, p.bucket(), p.sourceClip().key());
        assertTrue(parsed.ok(), () -> rendered + " -> " + parsed.findings());
        assertEquals(p, parsed.playlist(), rendered);

        Decoded read = PlaylistJson.read(PlaylistJson.write(p));
        assertEquals(List.of(), read.findings(), () -> PlaylistJson.write(p).toString());
        assertEquals(p, read.playlist());
    }

    @Example
    void theGeneratorProducesEveryVideoAndAudioParameter() {
        // Guards the generator itself: the property above proves nothing for a parameter it never produces.
        Set<Param<?>> seen = settings()
                .sampleStream()
                .limit(300)
                .flatMap(List::stream)
                .map(Setting::param)
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(STREAM_PARAMS), seen);
        assertTrue(STREAM_PARAMS.contains(Param.VCODEC) && STREAM_PARAMS.contains(Param.ADEPTH), "both groups");
    }

    static Playlist playlistWith(List<Setting> settings) {
        Video video = Video.UNSET;
        Audio audio = Audio.UNSET;
        for (Setting s : settings) {
            if (s.param().group() == Param.Group.VIDEO) {
                video = new Video(false, video.settings().withValue(s.param(), s.value()));
            } else {
                audio = new Audio(false, audio.settings().withValue(s.param(), s.value()));
            }
        }
        Output out = new Output("out.{autoext}", "media", null, "mp4", video, audio, 0, null);
        return new Playlist(1, "media", List.of(Clip.whole("a.mp4"), Clip.whole("b.mp4")), 0, out, null, null);
    }

    @Provide
    Arbitrary<List<Setting>> settings() {
        return Arbitraries.of(STREAM_PARAMS)
                .flatMap(p -> valueOf(p).map(v -> new Setting(p, v)))
                .list()
                .ofMinSize(1)
                .ofMaxSize(STREAM_PARAMS.size())
                .uniqueElements(Setting::param);
    }

    /** Any value of the parameter's kind that the process string can carry. */
    static Arbitrary<Object> valueOf(Param<?> p) {
        return switch (p.kind()) {
            case INTEGER -> Arbitraries.longs().between(0, 999_999_999_999L).asGeneric();
            case DECIMAL ->
                Arbitraries.doubles().between(0.001, 999_999_999).ofScale(3).asGeneric();
            case TEXT, NAME ->
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .ofMinLength(1)
                        .ofMaxLength(12)
                        .asGeneric();
            case RESOLUTION ->
                Combinators.combine(
                                Arbitraries.longs().between(1, 99_999).injectNull(0.3),
                                Arbitraries.longs().between(1, 99_999).injectNull(0.3))
                        .as(Resolution::new)
                        .filter(r -> r.width() != null || r.height() != null)
                        .asGeneric();
        };
    }
}
