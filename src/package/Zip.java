import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Zips a directory with its Unix file modes: the Function Compute code package. FC runs /code/bootstrap, so its
 * executable bit must survive the upload, and whether the fc3 component's own zip step keeps it is not documented;
 * s.yaml therefore points at this zip. Needs only the JDK (the zip file system stores POSIX permissions since JDK 14):
 * java src/package/Zip.java <directory> <zip file>
 */
public class Zip {

    public static void main(String... args) throws IOException {
        Path dir = Path.of(args[0]).toAbsolutePath();
        Path zip = Path.of(args[1]).toAbsolutePath();
        Files.deleteIfExists(zip);
        Map<String, ?> env = Map.of("create", "true", "enablePosixFileAttributes", "true");
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), env);
                Stream<Path> walk = Files.walk(dir)) {
            // sorted: the same directory gives the same entry order
            for (Path file : walk.sorted().toList()) {
                if (file.equals(dir)) {
                    continue;
                }
                Path entry = fs.getPath(dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"));
                if (Files.isDirectory(file)) {
                    Files.createDirectories(entry);
                } else {
                    Files.copy(file, entry);
                }
                Files.getFileAttributeView(entry, PosixFileAttributeView.class)
                        .setPermissions(Files.getPosixFilePermissions(file));
            }
        }
        System.out.println(zip + ": " + Files.size(zip) + " bytes");
    }

    private Zip() {}

}
