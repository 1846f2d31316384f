package dev.ossconcat.localoss;

import dev.ossconcat.rules.Plan;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@code video/concat} tasks the embedded server accepted, in order. Rendering them (FFmpeg) subscribes here.
 */
public final class AsyncTasks {

    /** One accepted task: what OSS answered and what it would render. */
    public record Task(
            String taskId,
            String eventId,
            String requestId,
            String bucket,
            String key,
            String process,
            Plan plan,
            Instant acceptedAt) {}

    private final List<Task> accepted = new CopyOnWriteArrayList<>();
    private final List<Consumer<Task>> listeners = new CopyOnWriteArrayList<>();

    void add(Task task) {
        accepted.add(task);
        listeners.forEach(l -> l.accept(task));
    }

    public List<Task> accepted() {
        return List.copyOf(accepted);
    }

    public void onAccepted(Consumer<Task> listener) {
        listeners.add(listener);
    }

    public void clear() {
        accepted.clear();
    }
}
