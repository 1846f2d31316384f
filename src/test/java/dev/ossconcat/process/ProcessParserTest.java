package dev.ossconcat.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.report.Violation;
import dev.ossconcat.rules.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessParserTest {

    /** The REST example of the seed page, verbatim (its names decode with a trailing newline). */
    static final String SEED_REST = "video/concat,ss_10000,f_mp4,vcodec_h264,fps_25,vb_1000000,acodec_aac,ab_96000,"
            + "ar_48000,ac_2,align_1/pre,o_cHJlLm1vdgo/sur,o_c3VyMS5hYWMK,t_10000|sys/saveas,b_b3V0YnVja2V0,"
            + "o_b3V0b2JqLnthdXRvZXh0fQo/notify,topic_QXVkaW9Db252ZXJ0";

    /** The SDK sample of the seed page, with the names its Java code encodes. */
    static final String SEED_SDK = "video/concat,ss_0,f_mp4,vcodec_h264,fps_25,vb_1000000,acodec_aac,ab_96000,"
            + "ar_48000,ac_2,align_1/pre,o_" + Base64Url.encode("concat1.mp4") + "/sur,o_"
            + Base64Url.encode("concat2.mp4") + ",t_0|sys/saveas,b_" + Base64Url.encode("examplebucket") + ",o_"
            + Base64Url.encode("dest.mp4") + "/notify,topic_QXVkaW9Db252ZXJ0";

    @Test
    void seedRestExampleParsesIntoTheDocumentedJob() {
        ProcessParser.Parsed parsed = ProcessParser.parse(SEED_REST, "video-demo", "example.mkv");
        assertTrue(parsed.ok(), parsed.findings()::toString);
        Playlist p = parsed.playlist();
        assertEquals(
                List.of(
                        new Clip("pre.mov\n", 0, 0),
                        new Clip("example.mkv", 10_000, 0),
                        new Clip("sur1.aac\n", 0, 10_000)),
                p.clips());
        assertEquals(1, p.source());
        assertEquals("mp4", p.output().format());
        assertEquals("h264", p.output().video().codec());
        assertEquals(25.0, p.output().video().fps());
        assertEquals(1_000_000L, p.output().video().bitrate());
        assertEquals("aac", p.output().audio().codec());
        assertEquals(96_000L, p.output().audio().bitrate());
        assertEquals(48_000L, p.output().audio().sampleRate());
        assertEquals(2L, p.output().audio().channels());
        assertEquals(1L, p.output().align());
        assertEquals("outbucket", p.output().bucket());
        assertEquals("outobj.{autoext}\n", p.output().key());
        assertEquals("AudioConvert", p.notifyTopic());
    }

    @Test
    void seedRestExampleRendersBackUnchangedAndRefusesEachTrailingNewline() {
        ProcessParser.Parsed parsed = ProcessParser.parse(SEED_REST, "video-demo", "example.mkv");
        assertTrue(parsed.ok(), parsed.findings()::toString);
        assertEquals(SEED_REST, ProcessRenderer.render(parsed.playlist()), "the parser and renderer agree");

        // the OSS SDK refuses keys with LF (S23), so the seed's echo-encoded names could only fail at submission
        Plan plan = Plan.ofProcess(SEED_REST, "video-demo", "example.mkv");
        assertFalse(plan.valid());
        List<Violation> newline = plan.errors().stream()
                .filter(w -> w.code().equals("key_character"))
                .toList();
        assertEquals(
                List.of("/pre[0].o", "/sur[0].o", "sys/saveas.o"),
                newline.stream().map(Violation::path).toList());
        assertEquals(newline, plan.errors(), "nothing else is wrong with the seed example");
        assertTrue(
                newline.get(0).message().contains("\"pre.mov\\n\"")
                        && newline.get(0).message().contains("trailing line break"),
                newline.get(0).message());
        assertEquals(SEED_REST.indexOf("o_cHJl"), newline.get(0).position());
        assertEquals(SEED_REST.indexOf("o_b3V0b2Jq"), newline.get(2).position());
    }

    @Test
    void seedSdkSampleParsesAndItsCanonicalFormDropsTheZeroDefaults() {
        Plan plan = Plan.ofProcess(SEED_SDK, "examplebucket", "src.mp4");
        assertTrue(plan.valid(), plan.errors()::toString);
        assertEquals(SEED_SDK.replace("ss_0,", "").replace(",t_0|", "|"), plan.process());
        assertEquals(
                List.of("concat1.mp4", "src.mp4", "concat2.mp4"),
                plan.playlist().clips().stream().map(Clip::key).toList());
        assertTrue(plan.warnings().isEmpty(), plan.warnings()::toString);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            quoteCharacter = '"',
            value = {
                "unknown operation ; video/convert,f_mp4|sys/saveas,o_YQ ; unknown_operation ; process ; 0",
                "unknown sub-operation ; video/concat,f_mp4/watermark,t_1|sys/saveas,o_YQ ; unknown_operation ; /watermark ; 18",
                "unknown parameter ; video/concat,f_mp4,vcodec_h264,bogus_1|sys/saveas,o_YQ ; unknown_parameter ; video/concat.bogus ; 31",
                "sn_1 is video/convert's, not video/concat's (S1, S10, S18) ; video/concat,f_mp4,sn_1|sys/saveas,o_YQ ; unknown_parameter ; video/concat.sn ; 19",
                "unknown clip parameter ; video/concat,f_mp4/pre,o_YQ,x_1|sys/saveas,o_YQ ; unknown_parameter ; /pre.x ; 28",
                "repeated parameter ; video/concat,f_mp4,f_mkv|sys/saveas,o_YQ ; repeated_parameter ; f ; 19",
                "repeated in a clip ; video/concat,f_mp4/pre,o_YQ,o_Yg|sys/saveas,o_YQ ; repeated_parameter ; /pre[0].o ; 28",
                "integer expected ; video/concat,f_mp4,vb_1M|sys/saveas,o_YQ ; malformed_value ; vb ; 22",
                "decimal expected ; video/concat,f_mp4,fps_1e3|sys/saveas,o_YQ ; malformed_value ; fps ; 23",
                "resolution expected ; video/concat,f_mp4,s_1280*720|sys/saveas,o_YQ ; malformed_value ; s ; 21",
                "vn flag ; video/concat,f_mp4,vn_2|sys/saveas,o_YQ ; malformed_value ; vn ; 22",
                "no name_value ; video/concat,f_mp4,vcodec|sys/saveas,o_YQ ; malformed_parameter ; video/concat ; 19",
                "empty parameter ; video/concat,f_mp4,,vcodec_h264|sys/saveas,o_YQ ; empty_parameter ; video/concat ; 19",
                "padded Base64 (S1, S22) ; video/concat,f_mp4|sys/saveas,o_YQ== ; base64_padding ; sys/saveas.o ; 32",
                "standard Base64 alphabet ; video/concat,f_mp4|sys/saveas,o_a+b ; bad_base64 ; sys/saveas.o ; 32",
                "impossible length ; video/concat,f_mp4|sys/saveas,o_YWJjZ ; bad_base64 ; sys/saveas.o ; 32",
                "not UTF-8 ; video/concat,f_mp4|sys/saveas,o__w ; bad_base64 ; sys/saveas.o ; 32",
                "no saveas ; video/concat,f_mp4 ; missing_saveas ; sys/saveas ; 18",
                "wrong sys operation ; video/concat,f_mp4|sys/resize,o_YQ ; missing_saveas ; sys/saveas ; 19",
                "second pipe ; video/concat,f_mp4|sys/saveas,o_YQ|sys/saveas,o_YQ ; syntax ; process ; 34",
                "op after saveas ; video/concat,f_mp4|sys/saveas,o_YQ/segment,f_hls ; unknown_operation ; /segment ; 34",
                "repeated notify ; video/concat,f_mp4|sys/saveas,o_YQ/notify,topic_YQ/notify,topic_YQ ; repeated_operation ; /notify ; 50",
                "repeated segment ; video/concat,f_mp4/segment,f_hls,t_1/segment,f_hls,t_1|sys/saveas,o_YQ ; repeated_operation ; /segment ; 36",
            })
    void syntaxErrorsNameTheParameterAndThePosition(String name, String process, String code, String path, int at) {
        ProcessParser.Parsed parsed = ProcessParser.parse(process, "b", "k");
        assertFalse(parsed.ok());
        assertNull(parsed.playlist());
        Violation v = parsed.findings().stream()
                .filter(Violation::isError)
                .findFirst()
                .orElseThrow();
        assertEquals(code, v.code(), v::toString);
        assertEquals(path, v.path(), v::toString);
        assertEquals(at, v.position(), v::toString);
        assertTrue(v.message().contains("at character " + at), v.message());
    }

    @Test
    void allSyntaxErrorsAreReportedTogether() {
        String s = "video/concat,f_mp4,fps_x,fps_25,nope_1/pre,o_!!|sys/saveas,o_YQ==";
        ProcessParser.Parsed parsed = ProcessParser.parse(s, "b", "k");
        assertEquals(
                List.of("malformed_value", "unknown_parameter", "bad_base64", "base64_padding"),
                parsed.findings().stream().map(Violation::code).toList());
    }

    @Test
    void interleavedPreAfterSurIsAcceptedWithAWarningAndCanonicalOrder() {
        String s = "video/concat,f_mp4,vcodec_h264,acodec_aac,ar_48000,ac_2/sur,o_" + Base64Url.encode("c") + "/pre,o_"
                + Base64Url.encode("a") + "|sys/saveas,o_" + Base64Url.encode("out.mp4");
        Plan plan = Plan.ofProcess(s, "bucket-a", "b");
        assertTrue(plan.valid(), plan.errors()::toString);
        assertEquals("interleaved_clips", plan.warnings().get(0).code());
        assertEquals(
                List.of("a", "b", "c"),
                plan.playlist().clips().stream().map(Clip::key).toList());
        assertTrue(plan.process().indexOf("/pre") < plan.process().indexOf("/sur"), plan.process());
    }

    /** A playlist of 12 clips becomes a chunked job; a process string is one task and cannot be split. */
    @Test
    void aRawStringJoinsAtMostElevenVideosWithOrWithoutNotify() {
        StringBuilder s = new StringBuilder("video/concat,f_mp4,vcodec_h264,acodec_aac,ar_48000,ac_2");
        for (int i = 0; i < 11; i++) {
            s.append("/sur,o_").append(Base64Url.encode("c" + i));
        }
        s.append("|sys/saveas,o_")
                .append(Base64Url.encode("out.mp4"))
                .append("/notify,topic_")
                .append(Base64Url.encode("done"));
        Plan plan = Plan.ofProcess(s.toString(), "bucket-a", "b");
        assertEquals(
                List.of("too_many_clips"),
                plan.errors().stream().map(Violation::code).toList());
        assertTrue(plan.errors().get(0).message().startsWith("12 videos: OSS joins at most 11 in one task"));
    }

    @Test
    void validatorFindingsOnARawStringPointIntoIt() {
        String s = "video/concat,f_flv,vcodec_h265,acodec_aac,ar_48000,ac_2/pre,o_YQ|sys/saveas,o_YQ";
        Plan plan = Plan.ofProcess(s, null, null);
        Violation v = plan.errors().get(0);
        assertEquals("codec_container_mismatch", v.code());
        assertEquals("vcodec", v.path());
        assertEquals(s.indexOf("vcodec_"), v.position());
        assertEquals("source_not_given", plan.warnings().get(0).code());
    }

    /** A valid job around one parameter: two clips, every required parameter, ar and ac. */
    static String job(String extra) {
        return "video/concat,f_mp4,vcodec_h264,acodec_aac,ar_48000,ac_2" + extra + "/pre,o_" + Base64Url.encode("a.mp4")
                + "|sys/saveas,o_" + Base64Url.encode("out.mp4");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "integer with a leading zero ; ,g_0150 ; g ; 150",
                "sign on zero ; ,ss_-0 ; ss ; 0",
                "decimal with a leading zero ; ,fps_025 ; fps ; 25",
                "resolution side with a leading zero ; ,s_0640x360 ; s ; 640x360",
            })
    void numbersOssMightReadOtherwiseAreRefusedWithTheirPlainForm(
            String name, String extra, String path, String plain) {
        // Policy "safe form exists": every documented number is plain decimal (S1); 0150 may be read as octal.
        String s = job(extra);
        Plan plan = Plan.ofProcess(s, "media-bucket", "b.mp4");
        assertFalse(plan.valid(), name);
        Violation v = plan.errors().get(0);
        assertEquals("number_form", v.code());
        assertEquals(path, v.path());
        assertEquals(s.indexOf(extra.substring(1)) + path.length() + 1, v.position());
        assertTrue(v.message().contains("write " + plain), v.message());
        // the parser reads past it (the rules, not the parser, make it an error)
        ProcessParser.Parsed parsed = ProcessParser.parse(s, "media-bucket", "b.mp4");
        assertTrue(parsed.ok(), parsed.findings()::toString);
        assertFalse(parsed.findings().get(0).isError());
    }

    @Test
    void sampleRateWithALeadingZeroIsRefusedNotSilentlyRead() {
        String s = job("").replace("ar_48000", "ar_048000");
        Plan plan = Plan.ofProcess(s, "media-bucket", "b.mp4");
        assertEquals(
                List.of("number_form"),
                plan.errors().stream().map(Violation::code).toList());
        assertEquals("ar", plan.errors().get(0).path());
    }

    @Test
    void decimalsWithTrailingZerosAreAcceptedAndWrittenPlain() {
        // 25.0 is an ordinary float; the canonical string writes the same number as 25
        Plan plan = Plan.ofProcess(job(",fps_25.50"), "media-bucket", "b.mp4");
        assertTrue(plan.valid(), plan.errors()::toString);
        assertTrue(plan.process().contains(",fps_25.5,"), plan.process());
    }

    @Test
    void valuesInUpperCaseAreRefusedWithTheLowerCaseForm() {
        // S1 and S4 document every value in lower case
        Plan plan = Plan.ofProcess(job("").replace("vcodec_h264", "vcodec_H264"), "media-bucket", "b.mp4");
        Violation v = plan.errors().get(0);
        assertEquals("letter_case", v.code());
        assertEquals("vcodec", v.path());
        assertTrue(v.message().contains("write 'h264'"), v.message());
    }

    @Test
    void aStringWithoutPreOrSurJoinsOneVideoAndIsRefused() {
        // Policy "wasted job": a join of one video is at best a billed transcode (S1 describes joins of several)
        String s = "video/concat,f_mp4,vcodec_h264,acodec_aac,ar_48000,ac_2|sys/saveas,o_" + Base64Url.encode("o.mp4");
        Plan plan = Plan.ofProcess(s, "media-bucket", "b.mp4");
        assertEquals(
                List.of("single_video"),
                plan.errors().stream().map(Violation::code).toList());
        assertEquals("video/concat", plan.errors().get(0).path());
        assertNull(plan.process());
    }

    @Test
    void vnAndAnTogetherAreRefused() {
        // S4 documents vn and an; both leave nothing to encode
        Plan plan = Plan.ofProcess(job(",vn_1,an_1"), "media-bucket", "b.mp4");
        assertTrue(plan.errors().stream()
                .anyMatch(v -> v.code().equals("no_streams") && v.path().equals("an")));
    }

    @Test
    void maxrateAndBufsizeZeroAreTheDefaultAndLeftOut() {
        // S1: maxrate and bufsize default to 0; an explicit 0 asks for nothing, so it needs no crf and is dropped
        String s = job(",vb_1000000,maxrate_0,bufsize_0");
        Plan plan = Plan.ofProcess(s, "media-bucket", "b.mp4");
        assertTrue(plan.valid(), plan.errors()::toString);
        assertEquals(Plan.ofProcess(job(",vb_1000000"), "media-bucket", "b.mp4").process(), plan.process());
        assertFalse(plan.process().contains("maxrate") || plan.process().contains("bufsize"), plan.process());
        assertEquals(
                "repeated_parameter",
                ProcessParser.parse(job(",maxrate_0,maxrate_20000"), "b", "k")
                        .findings()
                        .get(0)
                        .code(),
                "a zero still counts as the parameter written once");
    }

    @Test
    void outputBucketVariablesAreAcceptedAndKept() {
        // S20: sys/saveas b and o take variables; {bucket} is the source's
        String s = job("").replace("|sys/saveas,", "|sys/saveas,b_" + Base64Url.encode("{bucket}") + ",");
        Plan plan = Plan.ofProcess(s, "media-bucket", "b.mp4");
        assertTrue(plan.valid(), plan.errors()::toString);
        assertEquals("{bucket}", plan.playlist().output().bucket());
        assertTrue(plan.process().contains("b_" + Base64Url.encode("{bucket}")), plan.process());
    }

    @Test
    void startBeyondTheIntRangeIsRefused() {
        // S1 types ss as int
        Plan plan = Plan.ofProcess(job(",ss_2147483648"), "media-bucket", "b.mp4");
        assertEquals("out_of_range", plan.errors().get(0).code());
        assertEquals("ss", plan.errors().get(0).path());
        assertTrue(
                Plan.ofProcess(job(",ss_2147483647"), "media-bucket", "b.mp4").valid());
    }

    @Test
    void overlongInputIsRefusedBeforeParsing() {
        String s = "video/concat," + "f_mp4,".repeat(20_000);
        ProcessParser.Parsed parsed = ProcessParser.parse(s, null, null);
        assertEquals("too_long", parsed.findings().get(0).code());
    }
}
