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
 * <p>Where the bytes go: upload tools cut a file into parts of one size (all but the last), and send them one at a
 * time or several at once. Each such part is written straight into one data file at its final place, part {@code n}
 * at {@code (n - 1) × stride}, the stride being the declared length of the first part placed; so
 * CompleteMultipartUpload finds the object already whole and links it into place. Joining parts kept apart costs a
 * second write of every byte, which on a disk already busy with the upload halves its throughput. Any other part
 * (longer than the stride, of no declared length, sent again while its place is taken, or for an upload begun before
 * the server restarted) gets a file of its own, and the completion joins the chosen parts with a kernel copy
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

    /** The file parts are placed in. */
    private static final String DATA = "data";

    /**
     * How far a data file may reach, whatever the part numbers and the stride: well below the largest file ext4
     * allows (16 TB). A part that would reach beyond gets a file of its own.
     */
    static final long MAX_DATA_FILE = 1L << 40;

    /**
     * What is where in an upload's data file. In memory only: a server restarted midway places nothing more in an
     * upload it finds with parts ({@link #layout}). Guarded by its own monitor.
     */
    private static final class Layout {
        /** The length of every part but the last; fixed by the first part placed, which is at least 100 KB long. */
        long stride = -1;
        /** Parts being written into the data file, by number, with the end of the region each may fill. */
        final Map<Integer, Long> writing = new java.util.HashMap<>();
        /** Parts recorded as lying in the data file, by number, with the end of each. */
        final Map<Integer, Long> placed = new java.util.HashMap<>();
        /** Nothing is placed any more: the data file became (or is becoming) the object. */
        boolean closed;

        /** Where the last region in use ends: the data file need not be longer. */
        long extent() {
            long end = 0;
            for (long e : writing.values()) {
                end = Math.max(end, e);
            }
            for (long e : placed.values()) {
                end = Math.max(end, e);
            }
            return end;
        }
    }

    /**
     * A part's place in an upload's data file, held while its body streams in. Settled once, by {@link #putPlaced}
     * or by {@link #release}; guarded by the upload's {@link Layout}.
     */
    static final class Slot {
        private final String uploadId;
        private final int number;
        private final long offset;
        private final Path file;
        /** Written under the upload's lock; volatile so that a settled slot is seen without taking it. */
        private volatile boolean settled;

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
    private final Map<String, Layout> layouts = new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * Moves {@code temp} (a part's body, already on disk) into place, replacing an earlier part of that number. Under
     * the upload's lock, like every change to its parts: an upload of the same number placed in the data file at the
     * same time must not delete this file after it was recorded, nor a completion read a record half replaced.
     */
    Part putPart(Upload u, int number, Path temp, ObjectStore.Digest digest) {
        Path dir = root.resolve(u.uploadId());
        Layout l = layout(u.uploadId());
        try {
            synchronized (l) {
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
                l.placed.remove(number); // its place in the data file is free again
                return p;
            }
        } catch (NoSuchFileException e) {
            throw noSuchUpload();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ObjectStore.deleteQuietly(temp);
        }
    }

    /**
     * The place of part {@code number} in the upload's data file, if it fits the layout: a declared length no longer
     * than the stride, and the place free. Otherwise the part goes to a file of its own ({@link #putPart}).
     *
     * @param declaredLength the body's Content-Length; -1 for a chunked body, whose length is known only at its end
     */
    Optional<Slot> claim(Upload u, int number, long declaredLength) {
        if (declaredLength <= 0) {
            return Optional.empty();
        }
        Layout l = layout(u.uploadId());
        synchronized (l) {
            if (l.closed || l.writing.containsKey(number) || l.placed.containsKey(number)) {
                return Optional.empty();
            }
            // only a part of at least the minimum size can be one of the equal parts; a shorter one is the last
            if (l.stride < 0 && declaredLength < MIN_PART_SIZE) {
                return Optional.empty();
            }
            long stride = l.stride < 0 ? declaredLength : l.stride;
            long offset = (number - 1) * stride;
            if (declaredLength > stride || offset + declaredLength > MAX_DATA_FILE) {
                return Optional.empty();
            }
            Path data = root.resolve(u.uploadId()).resolve(DATA);
            try {
                // created here, under the lock, so that an abort (which takes it) cannot be followed by a creation
                Files.newByteChannel(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                        .close();
            } catch (IOException e) {
                return Optional.empty(); // the upload went away meanwhile: its own file, and NoSuchUpload later
            }
            l.stride = stride;
            l.writing.put(number, offset + declaredLength);
            return Optional.of(new Slot(u.uploadId(), number, offset, data));
        }
    }

    /** Records a part whose {@code size} bytes were written at its slot; the part it replaces is gone. */
    Part putPlaced(Upload u, Slot slot, long size, ObjectStore.Digest digest) {
        Layout l = layouts.get(u.uploadId());
        if (l == null) {
            throw noSuchUpload(); // aborted or completed meanwhile
        }
        synchronized (l) {
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
                l.writing.remove(slot.number);
                l.placed.put(slot.number, slot.offset + size);
                return p;
            } catch (NoSuchFileException e) {
                throw noSuchUpload();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Gives a slot back when its part was not recorded (the body failed, or the answer did): the place is free for
     * the part to be sent again, and the data file is cut back to the regions still in use, so that what a broken
     * part wrote at its end does not make the file longer than the object. Does nothing once the part is recorded.
     */
    void release(Slot slot) {
        Layout l = layouts.get(slot.uploadId);
        // a settled slot stays settled: no need to wait for the lock, which a completion may hold while it copies
        // gigabytes (this runs on the event loop once an answer is sent)
        if (slot.settled || l == null) {
            return; // recorded; or aborted or completed meanwhile, with the data file
        }
        synchronized (l) {
            if (slot.settled) {
                return;
            }
            slot.settled = true;
            l.writing.remove(slot.number);
            try (FileChannel c = FileChannel.open(slot.file, StandardOpenOption.WRITE)) {
                if (c.size() > l.extent()) {
                    c.truncate(l.extent());
                }
            } catch (IOException ignored) {
                // no data file: nothing was written
            }
        }
    }

    /**
     * The upload's layout. One found on disk with parts or a data file was begun before this server started, and
     * what lies where is unknown here: it takes no more parts in the data file, and its parts are joined by copying.
     */
    private Layout layout(String uploadId) {
        return layouts.computeIfAbsent(uploadId, id -> {
            Layout l = new Layout();
            try (Stream<Path> files = Files.list(root.resolve(id))) {
                l.closed = files.anyMatch(f -> !f.getFileName().toString().equals("upload.json"));
            } catch (IOException e) {
                l.closed = true; // gone: nothing will be placed anyway
            }
            return l;
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

    /**
     * Removes the upload. Under its lock, closed first: no part is placed in, or creates, a data file once it goes
     * (a part still being written finds its file gone, and its upload with it).
     */
    void abort(Upload u) {
        Layout l = layout(u.uploadId());
        synchronized (l) {
            l.closed = true;
            deleteTree(root.resolve(u.uploadId()));
        }
        layouts.remove(u.uploadId());
    }

    /**
     * Makes {@code temp} the object of the chosen parts, checked as OSS checks them, and returns its digest: ETag
     * {@code <MD5 of the parts' binary MD5s>-<n>} and the combined CRC-64. When the chosen parts are the whole data
     * file in order, {@code temp} is a hard link to it: no byte is copied. Otherwise the parts are joined into it.
     */
    ObjectStore.Digest join(Upload u, List<Map.Entry<Integer, String>> chosen, Path temp) {
        // under the upload's lock: the parts' records are read, and their bytes linked or copied, as one
        Layout l = layout(u.uploadId());
        synchronized (l) {
            return joinLocked(u, l, chosen, temp);
        }
    }

    private ObjectStore.Digest joinLocked(Upload u, Layout l, List<Map.Entry<Integer, String>> chosen, Path temp) {
        List<Part> parts = chosen(u, chosen);
        java.security.MessageDigest md5s = md5();
        long crc = 0;
        for (Part p : parts) {
            md5s.update(HexFormat.of().parseHex(p.etag()));
            crc = Crc64.combine(crc, Long.parseUnsignedLong(p.crc64()), p.size());
        }
        Path dir = root.resolve(u.uploadId());
        try {
            if (!linkWhole(dir, l, parts, temp)) {
                try (FileChannel out =
                        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    copy(dir, parts, out);
                }
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
     * written into it. The last part may instead be in a file of its own (a short last part sent before any part
     * fixed the stride): it is copied to the data file's end first, a copy of at most one part. The data file takes
     * no more parts from then on, since it is the object's content: a part written later would change the object.
     * Called by {@link #join}, under {@code l}'s lock.
     */
    private boolean linkWhole(Path dir, Layout l, List<Part> parts, Path temp) throws IOException {
        Path data = dir.resolve(DATA);
        long at = 0;
        Part tail = null;
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (p.offset() != null && p.offset() == at) {
                at += p.size();
            } else if (p.offset() == null && i == parts.size() - 1) {
                tail = p;
            } else {
                return false;
            }
        }
        if (!l.writing.isEmpty() || !Files.exists(data) || Files.size(data) != at) {
            return false;
        }
        if (tail != null && l.closed) {
            // the data file may be an object already (a completion that raced this one, or that landed before a
            // restart): nothing may be written to it any more
            return false;
        }
        l.closed = true;
        if (tail != null) {
            try (FileChannel out = FileChannel.open(data, StandardOpenOption.WRITE)) {
                out.position(at);
                try {
                    copy(dir, List.of(tail), out);
                } catch (IOException e) {
                    out.truncate(at); // the data file holds what it held
                    throw e;
                }
            }
        }
        Files.createLink(temp, data);
        // completed now, as a joined object would say: not when its last part was written
        Files.setLastModifiedTime(temp, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        return true;
    }

    /** Copies each part, from wherever it lies, to {@code out} from its position on, one after the other. */
    private static void copy(Path dir, List<Part> parts, FileChannel out) throws IOException {
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
