package dev.ossconcat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** The log lines (formatted messages, with their level) written while it is open, from every logger. */
public final class LogCapture extends Handler implements AutoCloseable {

    public record Line(Level level, String logger, String message, Throwable thrown) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    public static LogCapture start() {
        LogCapture c = new LogCapture();
        Logger.getLogger("").addHandler(c);
        return c;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The messages that contain {@code text}. */
    public List<Line> containing(String text) {
        return lines.stream().filter(l -> l.message().contains(text)).toList();
    }

    @Override
    public void publish(LogRecord r) {
        String message = r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage();
        lines.add(new Line(r.getLevel(), r.getLoggerName(), String.valueOf(message), r.getThrown()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
