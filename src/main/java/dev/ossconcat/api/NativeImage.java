package dev.ossconcat.api;

import dev.ossconcat.fc.Outcome;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.job.JobRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.annotations.RegisterResourceBundle;
import io.quarkus.runtime.annotations.RegisterResources;

/**
 * What a native executable needs that Quarkus cannot see by itself. Funqy registers the inputs and outputs of the
 * functions; these are the other JSON types (written by the failure handler, read and written with our own
 * ObjectMapper, or an enum whose JSON value is a method), and the resources of aliyun-sdk-oss, which ships no native-image configuration of its own: without
 * its bundles it fails with "Can't find bundle for base name oss". NativeConfigIT checks the generated
 * configuration.
 */
@RegisterForReflection(
        targets = {ErrorBody.class, JobRecord.Ref.class, Outcome.Result.class, ReplayFunction.Answer.class})
@RegisterResourceBundle(bundleName = "oss")
@RegisterResources(
        globs = {
            "oss.mime.types",
            "oss.properties",
            "oss_*.properties",
            "common.properties",
            "common_*.properties",
            "versioninfo.properties"
        })
public final class NativeImage {

    private NativeImage() {}

    /** Quarkus 3.34 ignores a repeated @RegisterResourceBundle on one class (checked): one bundle per class. */
    @RegisterResourceBundle(bundleName = "common")
    static final class CommonBundle {

        private CommonBundle() {}
    }
}
