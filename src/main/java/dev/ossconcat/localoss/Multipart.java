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
 * Multipart uploads in progress, on disk under {@code <root>/.uploads/<uploadId>/}: the upload's description, the
 * parts' records with their digests, and the parts' bytes. Parts stream to disk like any upload and are never listed
 * as objects. The object's CRC-64 is combined from the parts' without reading them again.
 *
 * <p>Where the bytes go: parts that arrive one at a time and in order, as the SDKs' upload loops send them, are
 * appended to one data file, so that CompleteMultipartUpload finds the object already whole and links it into place.
 * Joining parts kept apart costs a second write of every byte, which on a disk already busy with the upload halves
 * its throughput. Any other part (out of order, sent while another is being appended, sent again, or after a restart
 * of the server) gets a file of its own, and the completion joins the chosen parts with a kernel copy
 * ({@link FileChannel#transferTo}), reading each from wherever it lies.
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

    /**
     * One stored part. {@code offset}: where it lies in the upload's data file, or null for a part in a file of its
     * own (records written before the data file existed have none, and mean the same).
     */
    record Part(int number, String etag, long size, long lastModified, String crc64, Long offset) {}

    /** The file the in-order parts are appended to. */
    private static final String DATA = "data";

    /**
     * How far the upload's data file goes: the next part number that may be appended and where. In memory only: a
     * server restarted midway appends nothing more to an upload it finds with parts ({@link #sequence}). Guarded by
     * its own monitor.
     */
    private static final class Sequence {
        int next = 1;
        long end;
        /** A part is being appended: nothing else may write to, or complete from, the data file. */
        boolean busy;
        /** Nothing is appended any more: the data file became (or is becoming) the object. */
        boolean closed;
    }

    /**
     * The end of an upload's data file, held for one part while its body streams in. Settled once, by
     * {@link #putAppended} or by {@link #release}; guarded by the upload's {@link Sequence}.
     */
    static final class Slot {
        private final String uploadId;
        private final int number;
        private final long offset;
        private final Path file;
        private boolean settled;

        private Slot(String uploadId, int number, long offset, Path file) {
            this.uploadId = uploadId;
            this.number = number;
            this.offset = offset;
            this.file = file;
        }

        /** The data file, to be written from {@link #offset()} on. */
        Path file() {
            return file;
        }

        long offset() {
            return offset;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectStore store;
    private final Path root;
    private final Map<String, Sequence> sequences = new java.util.concurrent.ConcurrentHashMap<>();

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
                    digest.crc64(),
                    null);
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

    /**
     * The end of the upload's data file for part {@code number}, if it is the next in order and no other part is
     * being appended; otherwise the part goes to a file of its own ({@link #putPart}).
     */
    Optional<Slot> claim(Upload u, int number) {
        Sequence s = sequence(u.uploadId());
        synchronized (s) {
            if (s.closed || s.busy || number != s.next) {
                return Optional.empty();
            }
            s.busy = true;
            return Optional.of(new Slot(
                    u.uploadId(), number, s.end, root.resolve(u.uploadId()).resolve(DATA)));
        }
    }

    /** Records a part whose {@code size} bytes were appended at the slot's offset; the part it replaces is gone. */
    Part putAppended(Upload u, Slot slot, long size, ObjectStore.Digest digest) {
        Sequence s = sequence(u.uploadId());
        synchronized (s) {
            if (slot.settled) {
                throw new IllegalStateException("slot settled twice");
            }
            Path dir = root.resolve(u.uploadId());
            if (!Files.isDirectory(dir)) {
                throw noSuchUpload();
            }
            try {
                Part p = new Part(
                        slot.number,
                        digest.md5(),
                        size,
                        Files.getLastModifiedTime(slot.file).toMillis(),
                        digest.crc64(),
                        slot.offset);
                JSON.writeValue(dir.resolve("part-" + slot.number + ".json").toFile(), p);
                // a file of its own from an earlier upload of this number no longer describes the part
                ObjectStore.deleteQuietly(dir.resolve("part-" + slot.number));
                slot.settled = true;
                s.busy = false;
                s.next = slot.number + 1;
                s.end = slot.offset + size;
                return p;
            } catch (NoSuchFileException e) {
                throw noSuchUpload();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Gives a slot back when its part was not recorded (the body failed, or the answer did): what it appended is cut
     * off, so the next part in order starts where this one did. Does nothing once the part is recorded.
     */
    void release(Slot slot) {
        Sequence s = sequences.get(slot.uploadId);
        if (s == null) {
            return; // aborted or completed meanwhile, with the data file
        }
        synchronized (s) {
            if (slot.settled) {
                return;
            }
            slot.settled = true;
            s.busy = false;
            try (FileChannel c = FileChannel.open(slot.file, StandardOpenOption.WRITE)) {
                c.truncate(slot.offset);
            } catch (IOException ignored) {
                // no data file: nothing was appended
            }
        }
    }

    /**
     * The upload's sequence. One found on disk with parts or a data file was begun before this server started, and
     * what it appended is unknown here: it takes no more appends, and its parts are joined by copying.
     */
    private Sequence sequence(String uploadId) {
        return sequences.computeIfAbsent(uploadId, id -> {
            Sequence s = new Sequence();
            try (Stream<Path> files = Files.list(root.resolve(id))) {
                s.closed = files.anyMatch(f -> !f.getFileName().toString().equals("upload.json"));
            } catch (IOException e) {
                s.closed = true; // gone: nothing will be appended anyway
            }
            return s;
        });
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
        sequences.remove(u.uploadId());
    }

    /**
     * Makes {@code temp} the object of the chosen parts, checked as OSS checks them, and returns its digest: ETag
     * {@code <MD5 of the parts' binary MD5s>-<n>} and the combined CRC-64. When the chosen parts are the whole data
     * file in order, {@code temp} is a hard link to it: no byte is copied. Otherwise the parts are joined into it.
     */
    ObjectStore.Digest join(Upload u, List<Map.Entry<Integer, String>> chosen, Path temp) {
        List<Part> parts = chosen(u, chosen);
        java.security.MessageDigest md5s = md5();
        long crc = 0;
        for (Part p : parts) {
            md5s.update(HexFormat.of().parseHex(p.etag()));
            crc = Crc64.combine(crc, Long.parseUnsignedLong(p.crc64()), p.size());
        }
        Path dir = root.resolve(u.uploadId());
        try {
            if (!linkWhole(u, parts, temp)) {
                copy(dir, parts, temp);
            }
        } catch (NoSuchFileException e) {
            throw noSuchUpload();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String etag = HexFormat.of().withUpperCase().formatHex(md5s.digest()) + "-" + parts.size();
        return new ObjectStore.Digest(etag, Long.toUnsignedString(crc));
    }

    /** The stored parts a completion names, in its order, after OSS's checks. */
    private List<Part> chosen(Upload u, List<Map.Entry<Integer, String>> chosen) {
        Map<Integer, Part> stored = new java.util.HashMap<>();
        parts(u).forEach(p -> stored.put(p.number(), p));
        if (chosen.isEmpty()) {
            throw new OssError(400, "MalformedXML", "The XML you provided names no part.");
        }
        List<Part> parts = new ArrayList<>();
        int previous = 0;
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
                        400, "InvalidPart", "Part " + number + " was not uploaded, or its ETag is not the one given.");
            }
            if (i < chosen.size() - 1 && p.size() < MIN_PART_SIZE) {
                throw new OssError(
                        400,
                        "EntityTooSmall",
                        "Your proposed upload is smaller than the minimum allowed size (part " + number + ").");
            }
            parts.add(p);
        }
        return parts;
    }

    /**
     * Links the data file as {@code temp} if it holds exactly the chosen parts, in order, and no part is being
     * appended. The data file is closed to appends from then on, since it is the object's content: a part appended
     * later would change the object. A completion that then fails (the object may not be overwritten) leaves the data
     * file as it was, and can be tried again.
     */
    private boolean linkWhole(Upload u, List<Part> parts, Path temp) throws IOException {
        Path data = root.resolve(u.uploadId()).resolve(DATA);
        Sequence s = sequence(u.uploadId());
        synchronized (s) {
            long at = 0;
            for (Part p : parts) {
                if (p.offset() == null || p.offset() != at) {
                    return false;
                }
                at += p.size();
            }
            if (s.busy || !Files.exists(data) || Files.size(data) != at) {
                return false;
            }
            s.closed = true;
            Files.createLink(temp, data);
            // completed now, as a joined object would say: not when its last part was written
            Files.setLastModifiedTime(temp, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            return true;
        }
    }

    private static void copy(Path dir, List<Part> parts, Path temp) throws IOException {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (Part p : parts) {
                Path source = dir.resolve(p.offset() == null ? "part-" + p.number() : DATA);
                long first = p.offset() == null ? 0 : p.offset();
                try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                    long done = 0;
                    while (done < p.size()) {
                        long n = in.transferTo(first + done, p.size() - done, out);
                        if (n <= 0) {
                            throw new IOException("part " + p.number() + " is shorter than its record");
                        }
                        done += n;
                    }
                }
            }
        }
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
