package dev.ossconcat.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/rules.md is the reference generated from {@link Rules}: the page and the data cannot disagree, no rule of
 * the data is missing from it, and every document it cites is listed in docs/sources.md.
 */
class RulesReferenceTest {

    static final Path DOC = Path.of("docs/rules.md");

    @Test
    void thePolicyTableIsTheGeneratedOne() throws IOException {
        assertBetweenMarkers("policy", RulesReference.policy(), "target/rules-policy.md");
    }

    @Test
    void theRulesTablesAreTheGeneratedOnes() throws IOException {
        assertBetweenMarkers("rules", RulesReference.markdown(), "target/rules-reference.md");
    }

    static void assertBetweenMarkers(String name, String expected, String target) throws IOException {
        String begin = "<!-- " + name + ":begin -->\n";
        String end = "<!-- " + name + ":end -->";
        String doc = Files.readString(DOC);
        int from = doc.indexOf(begin);
        int to = doc.indexOf(end);
        assertTrue(from >= 0 && to > from, DOC + " has the markers " + begin.strip() + " and " + end);
        Path generated = Path.of(target);
        Files.writeString(generated, expected);
        assertEquals(
                expected,
                doc.substring(from + begin.length(), to),
                DOC + " is out of date: paste " + generated + " between the " + name + " markers");
    }

    @Test
    void everyBasisOfTheRulesHasARow() throws IllegalAccessException {
        Set<Basis> inRows = Collections.newSetFromMap(new IdentityHashMap<>());
        RulesReference.rows().forEach(r -> inRows.addAll(r.covers()));
        Set<Basis> inData = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Field f : Rules.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers())) {
                collect(f.get(null), inData);
            }
        }
        assertTrue(inData.size() > 40, "the walk finds the rules: " + inData.size());
        List<Basis> missing = inData.stream().filter(b -> !inRows.contains(b)).toList();
        assertEquals(List.of(), missing, "rules of Rules.java that docs/rules.md does not show");
    }

    /** Every Basis in a value: itself, in records, lists, sets and maps. */
    static void collect(Object value, Set<Basis> into) {
        if (value instanceof Basis b) {
            into.add(b);
        } else if (value instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    collect(c.getAccessor().invoke(r), into);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> collect(v, into));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, into));
        }
    }

    @Test
    void everySourceIsListedInSources() throws IOException {
        String sources = Files.readString(Path.of("docs/sources.md"));
        Set<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| (S\\d+b?) \\|").matcher(sources);
        while (m.find()) {
            listed.add(m.group(1));
        }
        Set<String> cited = new TreeSet<>();
        RulesReference.rows().forEach(r -> cited.addAll(r.basis().sourceIds()));
        List<String> unlisted = new ArrayList<>(cited);
        unlisted.removeAll(listed);
        assertEquals(List.of(), unlisted, "cited in Rules.java but not listed in docs/sources.md");
    }

    @Test
    void everyUnknownSaysWhatItRisksAndEveryStakeIsUsed() {
        Set<Stake> used = new TreeSet<>();
        for (RulesReference.Row r : RulesReference.rows()) {
            used.add(r.basis().stake());
            if (r.basis().evidence() == Evidence.UNVERIFIED) {
                assertFalse(r.basis().why().isBlank(), r.rule());
            }
        }
        assertEquals(Set.of(Stake.values()), used);
    }

    @Test
    void aDocumentedRuleCannotBeWeighedAsAnUnknown() {
        // one datum settles an unknown: evidence and stake must agree, so a settled rule cannot keep a stale stake
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new Basis(Evidence.CONFIRMED, "S1", Stake.MAY_WORK, "x"));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new Basis(Evidence.UNVERIFIED, "S1", Stake.KNOWN, "x"));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new Basis(Evidence.UNVERIFIED, "S1", Stake.MAY_WORK, ""));
    }
}
