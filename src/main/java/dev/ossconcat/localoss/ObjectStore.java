package dev.ossconcat.localoss;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.rules.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as plain files: key {@code k} of bucket {@code b} is {@code <root>/b/k}, so a video copied there is a
 * clip. Metadata (ETag, content headers, user metadata) lives under {@code <root>/.meta/}, which no bucket can be
 * called (bucket names start with a letter or digit), so a listing never shows it. Files put there by hand get
 * their metadata computed on first use. Writes go through a temporary file and an atomic rename; conditional
 * writes (forbid-overwrite, copy-if-match) hold a per-key lock, so they are atomic within this process.
 */
public final class ObjectStore {

    /** Content headers an object keeps, besides user metadata. */
    public static final List<String> CONTENT_HEADERS = List.of(
            "content-type", "content-disposition", "content-encoding", "content-language", "cache-control", "expires");

    /**
     * @param etag         upper-case hex MD5 of the content, without quotes
     * @param contentHeaders lower-case content header names ({@link #CONTENT_HEADERS}) and values
     * @param user         user metadata, lower-case names without the {@code x-oss-meta-} prefix
     * @param crc64        OSS's CRC-64 of the content as an unsigned decimal; null in metadata written before it
     *                     was kept, and then computed again
     */
    public record Meta(
            String etag,
            long size,
            long lastModified,
            Map<String, String> contentHeaders,
            Map<String, String> user,
            String crc64) {

        public Meta {
            contentHeaders = Map.copyOf(contentHeaders);
            user = Map.copyOf(user);
        }

        public String contentType() {
            return contentHeaders.getOrDefault("content-type", "application/octet-stream");
        }
    }

    public record Stored(String bucket, String key, Path file, Meta meta) {}

    /** What OSS reports of a content: its ETag (upper-case hex MD5, or a multipart ETag) and its CRC-64. */
    public record Digest(String md5, String crc64) {}

    /** One page of a listing. */
    public record Listing(List<Stored> objects, List<String> commonPrefixes, boolean truncated, String lastKey) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;
    private final Object[] locks = new Object[256];

    public ObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        try {
            Files.createDirectories(this.root.resolve(".tmp"));
            Files.createDirectories(this.root.resolve(".meta"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local OSS directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** The file of an object; refuses every key that could reach outside the bucket directory. */
    public Path file(String bucket, String key) {
        checkBucket(bucket);
        checkKey(key);
        Path dir = root.resolve(bucket);
        Path file = dir.resolve(key).normalize();
        if (!file.startsWith(dir) || file.equals(dir)) {
            throw OssError.invalidObjectName("it resolves outside the bucket");
        }
        return file;
    }

    static void checkBucket(String bucket) {
        if (bucket == null || !Rules.BUCKET_NAME.matcher(bucket).matches()) {
            throw new OssError(400, "InvalidBucketName", "The specified bucket is not valid.");
        }
    }

    static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw OssError.invalidObjectName("the key is empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > Rules.KEY_MAX_BYTES) {
            throw OssError.invalidObjectName("the key is longer than " + Rules.KEY_MAX_BYTES + " bytes");
        }
        if (key.indexOf('\0') >= 0) {
            throw OssError.invalidObjectName("the key contains a NUL character");
        }
        if (key.startsWith("/") || key.startsWith("\\")) {
            throw OssError.invalidObjectName("the key starts with a slash");
        }
        if (key.endsWith("/")) {
            throw OssError.invalidObjectName("directory keys ending in '/' are not supported by the local server");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw OssError.invalidObjectName("the key has an empty, '.' or '..' segment");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw OssError.invalidObjectName("a key segment is longer than the 255 bytes a file name can have");
            }
        }
    }

    private Path metaFile(String bucket, String key) {
        return root.resolve(".meta").resolve(bucket).resolve(key + ".meta.json");
    }

    private Object lock(String bucket, String key) {
        return locks[lockIndex(bucket, key)];
    }

    private int lockIndex(String bucket, String key) {
        return Math.floorMod((bucket + "/" + key).hashCode(), locks.length);
    }

    public boolean bucketExists(String bucket) {
        checkBucket(bucket);
        return Files.isDirectory(root.resolve(bucket));
    }

    /** Metadata and file are read under the key's lock, so a concurrent put is never seen half done. */
    public Optional<Stored> head(String bucket, String key) {
        Path file = file(bucket, key);
        synchronized (lock(bucket, key)) {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.of(new Stored(bucket, key, file, meta(bucket, key, file)));
        }
    }

    /**
     * The object as it is now, as a hard link that a later replace cannot change: what a GET streams, so that its
     * length and ETag match its bytes. The caller deletes {@code file()} of the result when done.
     */
    public Optional<Stored> snapshot(String bucket, String key) {
        Path file = file(bucket, key);
        synchronized (lock(bucket, key)) {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Meta m = meta(bucket, key, file);
            Path link = newTempFile();
            try {
                Files.createLink(link, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Optional.of(new Stored(bucket, key, link, m));
        }
    }

    /** Stored metadata when it still describes the file; otherwise computed (and cached) from the file. */
    private Meta meta(String bucket, String key, Path file) {
        try {
            long size = Files.size(file);
            long modified = Files.getLastModifiedTime(file).toMillis();
            Path mf = metaFile(bucket, key);
            if (Files.isRegularFile(mf)) {
                Meta m = JSON.readValue(mf.toFile(), Meta.class);
                if (m.size() == size && m.lastModified() == modified) {
                    if (m.crc64() != null) {
                        return m;
                    }
                    // written before the CRC was kept: the rest still holds
                    Meta withCrc = new Meta(
                            m.etag(),
                            size,
                            modified,
                            m.contentHeaders(),
                            m.user(),
                            digest(file).crc64());
                    writeMeta(bucket, key, withCrc);
                    return withCrc;
                }
            }
            Digest d = digest(file);
            Meta m = new Meta(d.md5(), size, modified, Map.of("content-type", guessType(key)), Map.of(), d.crc64());
            writeMeta(bucket, key, m);
            return m;
        } catch (NoSuchFileException e) {
            throw OssError.noSuchKey(bucket, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path newTempFile() {
        return root.resolve(".tmp").resolve(UUID.randomUUID().toString());
    }

    /**
     * Moves {@code temp} into place as the object.
     *
     * @param forbidOverwrite {@code x-oss-forbid-overwrite: true}: fail with 409 FileAlreadyExists if it exists
     */
    public Stored put(
            String bucket,
            String key,
            Path temp,
            Map<String, String> contentHeaders,
            Map<String, String> user,
            boolean forbidOverwrite) {
        Digest digest;
        try {
            digest = digest(temp);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException(e);
        }
        return place(bucket, key, temp, digest, contentHeaders, user, forbidOverwrite);
    }

    /** Moves {@code temp}, whose digest is known (a joined multipart upload), into place as the object. */
    public Stored place(
            String bucket,
            String key,
            Path temp,
            Digest digest,
            Map<String, String> contentHeaders,
            Map<String, String> user,
            boolean forbidOverwrite) {
        Path file = file(bucket, key);
        try {
            synchronized (lock(bucket, key)) {
                if (forbidOverwrite && Files.exists(file)) {
                    throw new OssError(
                            409,
                            "FileAlreadyExists",
                            "The object you specified already exists and can " + "not be overwritten.");
                }
                requireNoPrefixCollision(file, key);
                Files.createDirectories(file.getParent());
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Map<String, String> headers = new TreeMap<>(contentHeaders);
                headers.putIfAbsent("content-type", guessType(key));
                Meta m = new Meta(
                        digest.md5(),
                        Files.size(file),
                        Files.getLastModifiedTime(file).toMillis(),
                        headers,
                        user,
                        digest.crc64());
                writeMeta(bucket, key, m);
                return new Stored(bucket, key, file, m);
            }
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw conflict(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * An object {@code a} cannot be written while objects {@code a/...} exist: {@code a} is their directory. Without
     * this check the rename fails with "Is a directory", which is no OSS answer.
     */
    private static void requireNoPrefixCollision(Path file, String key) {
        if (Files.isDirectory(file)) {
            throw new OssError(
                    409,
                    "ObjectConflict",
                    "The local server keeps objects as files, and '" + key
                            + "' is the directory of objects that have it as their prefix.");
        }
    }

    private static OssError conflict(String key) {
        return new OssError(
                409,
                "ObjectConflict",
                "The local server keeps objects as files, and '" + key
                        + "' collides with an object that is a prefix of it.");
    }

    /**
     * CopyObject. {@code replace} = metadata directive REPLACE (the new headers only), else COPY (the source's).
     *
     * @param ifMatch {@code x-oss-copy-source-if-match}: the source's ETag must be this, else 412
     */
    public Stored copy(
            String srcBucket,
            String srcKey,
            String bucket,
            String key,
            boolean replace,
            Map<String, String> contentHeaders,
            Map<String, String> user,
            String ifMatch,
            boolean forbidOverwrite) {
        Path target = file(bucket, key);
        Stored source = head(srcBucket, srcKey).orElseThrow(() -> OssError.noSuchKey(srcBucket, srcKey));
        // two locks, always taken in the same order, so that crossing copies cannot deadlock
        int a = lockIndex(srcBucket, srcKey);
        int b = lockIndex(bucket, key);
        Object first = locks[Math.min(a, b)];
        Object second = locks[Math.max(a, b)];
        synchronized (first) {
            synchronized (second) {
                Stored current = head(srcBucket, srcKey).orElseThrow(() -> OssError.noSuchKey(srcBucket, srcKey));
                if (ifMatch != null
                        && !ifMatch.replace("\"", "")
                                .equalsIgnoreCase(current.meta().etag())) {
                    throw new OssError(
                            412,
                            "PreconditionFailed",
                            "At least one of the pre-conditions you specified " + "did not hold.");
                }
                if (forbidOverwrite && Files.exists(target) && !target.equals(source.file())) {
                    throw new OssError(
                            409,
                            "FileAlreadyExists",
                            "The object you specified already exists and can " + "not be overwritten.");
                }
                try {
                    if (!target.equals(current.file())) {
                        requireNoPrefixCollision(target, key);
                        Path temp = newTempFile();
                        try {
                            Files.copy(current.file(), temp);
                            Files.createDirectories(target.getParent());
                            Files.move(
                                    temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        } finally {
                            deleteQuietly(temp); // gone already when the move succeeded
                        }
                    }
                    Meta m = new Meta(
                            current.meta().etag(),
                            Files.size(target),
                            Files.getLastModifiedTime(target).toMillis(),
                            replace ? contentHeaders : current.meta().contentHeaders(),
                            replace ? user : current.meta().user(),
                            current.meta().crc64());
                    writeMeta(bucket, key, m);
                    return new Stored(bucket, key, target, m);
                } catch (FileAlreadyExistsException | NotDirectoryException e) {
                    throw conflict(key);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    public void delete(String bucket, String key) {
        Path file = file(bucket, key);
        synchronized (lock(bucket, key)) {
            deleteQuietly(file);
            deleteQuietly(metaFile(bucket, key));
        }
    }

    /** ListObjectsV2 over the files of a bucket, in key order. */
    public Listing list(String bucket, String prefix, String delimiter, String startAfter, int maxKeys) {
        checkBucket(bucket);
        Path dir = root.resolve(bucket);
        if (!Files.isDirectory(dir)) {
            throw new OssError(404, "NoSuchBucket", "The specified bucket does not exist.");
        }
        List<String> keys;
        try (Stream<Path> files = Files.walk(dir)) {
            keys = files.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> prefix == null || k.startsWith(prefix))
                    .filter(k -> startAfter == null || k.compareTo(startAfter) > 0)
                    // a marker that is a common prefix (ListObjects' NextMarker) skips everything under it
                    .filter(k -> startAfter == null
                            || delimiter == null
                            || delimiter.isEmpty()
                            || !startAfter.endsWith(delimiter)
                            || !k.startsWith(startAfter))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stored> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        int prefixLength = prefix == null ? 0 : prefix.length();
        for (String key : keys) {
            if (objects.size() + prefixes.size() >= maxKeys) {
                return new Listing(objects, prefixes, true, last);
            }
            int d = delimiter == null || delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefixLength);
            if (d >= 0) {
                String common = key.substring(0, d + delimiter.length());
                if (!prefixes.contains(common)) {
                    prefixes.add(common);
                }
                last = common + Character.MAX_VALUE;
                continue;
            }
            head(bucket, key).ifPresent(objects::add);
            last = key;
        }
        return new Listing(objects, prefixes, false, null);
    }

    private void writeMeta(String bucket, String key, Meta m) throws IOException {
        Path mf = metaFile(bucket, key);
        Files.createDirectories(mf.getParent());
        Path temp = newTempFile();
        try {
            JSON.writeValue(temp.toFile(), m);
            Files.move(temp, mf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteQuietly(temp); // gone already when the move succeeded
        }
    }

    /** MD5 and CRC-64 of a file, in one pass over it. */
    public static Digest digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Digester d = new Digester();
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                d.update(buffer, 0, n);
            }
            return d.digest();
        }
    }

    static String guessType(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        int dot = k.lastIndexOf('.');
        String ext = dot < 0 ? "" : k.substring(dot + 1);
        return switch (ext) {
            case "mp4", "m4v" -> "video/mp4";
            case "mov" -> "video/quicktime";
            case "mkv" -> "video/x-matroska";
            case "webm" -> "video/webm";
            case "ts" -> "video/mp2t";
            case "flv" -> "video/x-flv";
            case "avi" -> "video/x-msvideo";
            case "m3u8" -> "application/vnd.apple.mpegurl";
            case "mpd" -> "application/dash+xml";
            case "json" -> "application/json";
            case "txt", "ffconcat" -> "text/plain";
            default -> "application/octet-stream";
        };
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover temporary or metadata file is harmless
        }
    }
}
