package dev.ossconcat.localoss;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Multipart uploads in progress, on disk under {@code <root>/.uploads/<uploadId>/}: the upload's description and one
 * file per part, each with its digests. Parts stream to disk like any upload and are never listed as objects; a
 * completed upload is concatenated by the kernel ({@link FileChannel#transferTo}) into one object, and its
 * CRC-64 is combined from the parts' without reading them again.
 */
final class Multipart {

    /** OSS's bounds: part numbers 1 to 10,000; every part but the last at least 100 KB. */
    static final int MAX_PART_NUMBER = 10_000;

    static final long MIN_PART_SIZE = 100 * 1024;

    /** One upload: where it goes, when it began, the headers the object gets. */
    record Upload(
            String uploadId,
            String bucket,
            String key,
            long initiated,
            Map<String, String> contentHeaders,
            Map<String, String> user) {}

    /** One stored part. */
    record Part(int number, String etag, long size, long lastModified, String crc64) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectStore store;
    private final Path root;

    Multipart(ObjectStore store) {
        this.store = store;
        this.root = store.root().resolve(".uploads");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Upload initiate(String bucket, String key, long now, Map<String, String> contentHeaders, Map<String, String> user) {
        store.file(bucket, key); // the key's rules, before anything is uploaded
        String id = HexFormat.of().withUpperCase().formatHex(random(16));
        Upload u = new Upload(id, bucket, key, now, contentHeaders, user);
        try {
            Files.createDirectories(root.resolve(id));
            JSON.writeValue(root.resolve(id).resolve("upload.json").toFile(), u);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return u;
    }

    /** The upload, which must be for this object: otherwise NoSuchUpload, as OSS answers. */
    Upload upload(String bucket, String key, String uploadId) {
        Upload u = find(uploadId).orElseThrow(Multipart::noSuchUpload);
        if (!u.bucket().equals(bucket) || !u.key().equals(key)) {
            throw noSuchUpload();
        }
        return u;
    }

    private Optional<Upload> find(String uploadId) {
        if (uploadId == null || !uploadId.matches("[0-9A-F]{32}")) {
            return Optional.empty();
        }
        Path f = root.resolve(uploadId).resolve("upload.json");
        try {
            return Optional.of(JSON.readValue(f.toFile(), Upload.class));
        } catch (IOException e) {
            return Optional.empty(); // aborted or completed meanwhile
        }
    }

    static int partNumber(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_PART_NUMBER) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to OSS's error
        }
        throw new OssError(400, "InvalidArgument", "Part number must be an integer between 1 and 10000.");
    }

    /** Moves {@code temp} (a part's body, already on disk) into place, replacing an earlier part of that number. */
    Part putPart(Upload u, int number, Path temp, ObjectStore.Digest digest) {
        Path dir = root.resolve(u.uploadId());
        try {
            if (!Files.isDirectory(dir)) {
                throw noSuchUpload();
            }
            Path file = dir.resolve("part-" + number);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            // when the part was stored, as the file system says, like an object's Last-Modified
            Part p = new Part(
                    number,
                    digest.md5(),
                    Files.size(file),
                    Files.getLastModifiedTime(file).toMillis(),
                    digest.crc64());
            JSON.writeValue(dir.resolve("part-" + number + ".json").toFile(), p);
            return p;
        } catch (NoSuchFileException e) {
            throw noSuchUpload();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ObjectStore.deleteQuietly(temp);
        }
    }

    List<Part> parts(Upload u) {
        Path dir = root.resolve(u.uploadId());
        List<Part> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")
                            && f.getFileName().toString().startsWith("part-"))
                    .toList()) {
                parts.add(JSON.readValue(f.toFile(), Part.class));
            }
        } catch (NoSuchFileException e) {
            throw noSuchUpload();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parts.sort(Comparator.comparingInt(Part::number));
        return parts;
    }

    /** Uploads in progress in {@code bucket}, by key then by initiation. */
    List<Upload> uploads(String bucket) {
        List<Upload> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                find(d.getFileName().toString())
                        .filter(u -> u.bucket().equals(bucket))
                        .ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        all.sort(Comparator.comparing(Upload::key)
                .thenComparingLong(Upload::initiated)
                .thenComparing(Upload::uploadId));
        return all;
    }

    void abort(Upload u) {
        deleteTree(root.resolve(u.uploadId()));
    }

    /**
     * Joins the chosen parts into a temporary file, checks them as OSS does, and returns the object's digest: ETag
     * {@code <MD5 of the parts' binary MD5s>-<n>} and the combined CRC-64.
     */
    ObjectStore.Digest join(Upload u, List<Map.Entry<Integer, String>> chosen, Path temp) {
        Map<Integer, Part> stored = new java.util.HashMap<>();
        parts(u).forEach(p -> stored.put(p.number(), p));
        if (chosen.isEmpty()) {
            throw new OssError(400, "MalformedXML", "The XML you provided names no part.");
        }
        java.security.MessageDigest md5s = md5();
        long crc = 0;
        int previous = 0;
        Path dir = root.resolve(u.uploadId());
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < chosen.size(); i++) {
                int number = chosen.get(i).getKey();
                if (number <= previous) {
                    throw new OssError(
                            400, "InvalidPartOrder", "The list of parts was not in ascending order by part number.");
                }
                previous = number;
                Part p = stored.get(number);
                String etag = chosen.get(i).getValue().replace("\"", "").trim();
                if (p == null || !p.etag().equalsIgnoreCase(etag)) {
                    throw new OssError(
                            400,
                            "InvalidPart",
                            "Part " + number + " was not uploaded, or its ETag is not the one given.");
                }
                if (i < chosen.size() - 1 && p.size() < MIN_PART_SIZE) {
                    throw new OssError(
                            400,
                            "EntityTooSmall",
                            "Your proposed upload is smaller than the minimum allowed size (part " + number + ").");
                }
                try (FileChannel in = FileChannel.open(dir.resolve("part-" + number), StandardOpenOption.READ)) {
                    long done = 0;
                    while (done < p.size()) {
                        done += in.transferTo(done, p.size() - done, out);
                    }
                }
                md5s.update(HexFormat.of().parseHex(p.etag()));
                crc = Crc64.combine(crc, Long.parseUnsignedLong(p.crc64()), p.size());
            }
        } catch (NoSuchFileException e) {
            throw noSuchUpload();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String etag = HexFormat.of().withUpperCase().formatHex(md5s.digest()) + "-" + chosen.size();
        return new ObjectStore.Digest(etag, Long.toUnsignedString(crc));
    }

    private static java.security.MessageDigest md5() {
        try {
            return java.security.MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static OssError noSuchUpload() {
        return new OssError(
                404,
                "NoSuchUpload",
                "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
                        + "aborted or completed.");
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(ObjectStore::deleteQuietly);
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
