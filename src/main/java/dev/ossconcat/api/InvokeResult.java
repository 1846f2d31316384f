package dev.ossconcat.api;

import dev.ossconcat.fc.Outcome;
import java.util.List;

/** The answer of {@code POST /invoke}: one outcome per event record; {@code retry} mirrors x-fc-status 404. */
public record InvokeResult(String event, List<Outcome> outcomes, boolean retry) {}
