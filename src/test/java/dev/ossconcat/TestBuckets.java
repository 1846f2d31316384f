package dev.ossconcat;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The bucket each test class works in, named after the class ({@code JobPipelineTest} → {@code job-pipeline-test}):
 * Quarkus runs one application, so one embedded server, for all test classes of a profile, and a bucket of its own
 * keeps every listing a class makes (of objects, of its job records) free of other classes' objects.
 */
public final class TestBuckets {

    /** OSS's bucket naming: 3 to 63 of a-z, 0-9 and '-', starting and ending with a letter or digit. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    private TestBuckets() {}

    public static String of(Class<?> testClass) {
        String name = testClass
                .getSimpleName()
                .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
        if (!BUCKET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(testClass + " gives no valid bucket name: " + name);
        }
        return name;
    }
}
