package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol.Split;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaveLastOutProtocolTest {
    private static final int MAX_HISTORY = 5;

    /** 40 users with 0..14 clicks on 30 items, in shuffled file order, distinct times per user, some repeats. */
    private static ClickLog randomLog(long seed) {
        Random rng = new Random(seed);
        List<ClickEvent> clicks = new ArrayList<>();
        Map<String, String> categories = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            categories.put("i" + i, "c" + (i % 4));
        }
        Map<String, Map<String, String>> context = new HashMap<>();
        for (int u = 0; u < 40; u++) {
            int n = u % 15;
            List<Integer> times = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                times.add(k * 10 + rng.nextInt(5));
            }
            for (int k = 0; k < n; k++) {
                clicks.add(new ClickEvent("u" + u, "i" + rng.nextInt(30), times.get(k)));
            }
            context.put("u" + u, Map.of("gender", u % 2 == 0 ? "F" : "M"));
        }
        java.util.Collections.shuffle(clicks, rng);
        return ClickLog.of(clicks, categories, context);
    }

    /** Per user, the distinct items in time order, each at its most recent click, with that click's time. */
    private static Map<String, List<ClickEvent>> collapsed(ClickLog log) {
        Map<String, List<ClickEvent>> byUser = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            ClickEvent c = log.click(i);
            byUser.computeIfAbsent(c.user(), k -> new ArrayList<>()).add(c);
        }
        Map<String, List<ClickEvent>> result = new HashMap<>();
        for (Map.Entry<String, List<ClickEvent>> e : byUser.entrySet()) {
            List<ClickEvent> sorted = new ArrayList<>(e.getValue());
            sorted.sort(java.util.Comparator.comparingLong(ClickEvent::timestamp));
            List<ClickEvent> kept = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int k = sorted.size() - 1; k >= 0; k--) {
                if (seen.add(sorted.get(k).item())) {
                    kept.add(0, sorted.get(k));
                }
            }
            result.put(e.getKey(), kept);
        }
        return result;
    }

    @Test
    void invariantsHold() {
        ClickLog log = randomLog(7);
        LeaveLastOutProtocol protocol = new LeaveLastOutProtocol(log, MAX_HISTORY, 11L);
        Map<String, List<ClickEvent>> sequences = collapsed(log);
        Map<String, Set<String>> clicked = new HashMap<>();
        sequences.forEach((u, list) -> list.forEach(c -> clicked.computeIfAbsent(u, k -> new HashSet<>()).add(c.item())));
        long expectedSkipped = sequences.values().stream().filter(l -> l.size() < 3).count()
                + (40 - sequences.size());
        assertEquals(40 - expectedSkipped, protocol.numUsers());
        assertEquals(log.numUsers() - protocol.numUsers(), protocol.numSkippedUsers());

        Map<Split, List<ClickExampleView>> bySplit = new HashMap<>();
        for (Split split : Split.values()) {
            bySplit.put(split, ClickExampleView.all(protocol.examples(split)));
        }
        Map<String, Set<String>> trainPositives = new HashMap<>();
        long trainCount = 0;
        for (Split split : Split.values()) {
            List<ClickExampleView> examples = bySplit.get(split);
            assertEquals(2 * protocol.numPositives(split), examples.size(), split.toString());
            Map<String, Integer> positivesOfUser = new HashMap<>();
            for (int k = 0; k < examples.size(); k += 2) {
                ClickExampleView pos = examples.get(k);
                ClickExampleView neg = examples.get(k + 1);
                assertTrue(pos.positive());
                assertFalse(neg.positive());
                List<ClickEvent> seq = sequences.get(pos.user());
                assertTrue(seq.size() >= 3, "skipped user " + pos.user() + " appears");
                // Pairing: same user, history and context; the negative's item was never clicked by the user.
                assertEquals(pos.user(), neg.user());
                assertEquals(pos.history(), neg.history());
                assertEquals(pos.context(), neg.context());
                assertFalse(clicked.get(pos.user()).contains(neg.item()), "negative clicked: " + neg);
                assertEquals("c" + Integer.parseInt(neg.item().substring(1)) % 4, neg.category());
                assertEquals(pos.user().equals("u0") || Integer.parseInt(pos.user().substring(1)) % 2 == 0 ? "F" : "M",
                        pos.context().get("gender"));
                // Position of the positive in the user's sequence.
                int index = positivesOfUser.merge(pos.user(), 1, Integer::sum) - 1;
                int position = switch (split) {
                    case TRAIN -> index;
                    case VALIDATION -> seq.size() - 2;
                    case TEST -> seq.size() - 1;
                };
                ClickEvent click = seq.get(position);
                assertEquals(click.item(), pos.item());
                // History: ranks 1..n contiguous, n = min(position, T), strictly earlier clicks, most recent first.
                int n = pos.history().size();
                assertEquals(Math.min(position, MAX_HISTORY), n);
                assertTrue(n <= MAX_HISTORY);
                long previousTime = Long.MAX_VALUE;
                for (int rank = 1; rank <= n; rank++) {
                    String h = pos.history().get(rank);
                    assertTrue(h != null, "rank " + rank + " missing");
                    ClickEvent earlier = seq.get(position - rank);
                    assertEquals(earlier.item(), h);
                    assertTrue(earlier.timestamp() < click.timestamp());
                    assertTrue(earlier.timestamp() < previousTime);
                    previousTime = earlier.timestamp();
                }
                assertEquals(n, new HashSet<>(pos.history().values()).size(), "history item repeated");
                if (split == Split.TRAIN) {
                    trainPositives.computeIfAbsent(pos.user(), u -> new HashSet<>()).add(pos.item());
                    trainCount++;
                }
            }
            if (split != Split.TRAIN) {
                assertEquals(protocol.numUsers(), positivesOfUser.size());
            }
        }
        assertEquals(sequences.values().stream().filter(l -> l.size() >= 3).mapToLong(l -> l.size() - 2).sum(),
                trainCount);
        for (ClickExampleView test : bySplit.get(Split.TEST)) {
            if (test.positive()) {
                assertFalse(trainPositives.getOrDefault(test.user(), Set.of()).contains(test.item()),
                        "test click in training: " + test);
                List<ClickEvent> seq = sequences.get(test.user());
                assertEquals(seq.get(seq.size() - 1).item(), test.item());
            }
        }
    }

    @Test
    void repeatsCollapseToMostRecentClickAndShortUsersAreSkipped() {
        List<ClickEvent> clicks = List.of(
                new ClickEvent("a", "A", 1), new ClickEvent("a", "B", 2), new ClickEvent("a", "A", 3),
                new ClickEvent("a", "C", 4), new ClickEvent("a", "D", 5),
                new ClickEvent("b", "A", 1), new ClickEvent("b", "A", 2), new ClickEvent("b", "B", 3),
                new ClickEvent("c", "E", 1), new ClickEvent("c", "F", 1), new ClickEvent("c", "G", 1),
                new ClickEvent("c", "H", 9));
        LeaveLastOutProtocol protocol = new LeaveLastOutProtocol(ClickLog.of(clicks, Map.of(), Map.of()), 50, 3L);
        assertEquals(2, protocol.numUsers());
        assertEquals(1, protocol.numSkippedUsers());
        List<ClickExampleView> train = ClickExampleView.all(protocol.examples(Split.TRAIN));
        // a: B, A, C, D -> train B, A; c: E, F, G (ties in file order), H -> train E, F.
        assertEquals(List.of("B", "A", "E", "F"),
                train.stream().filter(ClickExampleView::positive).map(ClickExampleView::item).toList());
        assertEquals(Map.of(1, "B"), train.get(2).history());
        assertNull(train.get(0).category());
        assertEquals(Map.of(1, "F", 2, "E"), ClickExampleView.all(protocol.examples(Split.VALIDATION)).get(2).history());
        assertEquals("H", ClickExampleView.all(protocol.examples(Split.TEST)).get(2).item());
    }

    @Test
    void sameSeedSameExamplesOtherSeedOtherNegatives() {
        ClickLog log = randomLog(3);
        for (Split split : Split.values()) {
            String a = protocolString(new LeaveLastOutProtocol(log, MAX_HISTORY, 5L), split);
            String b = protocolString(new LeaveLastOutProtocol(randomLog(3), MAX_HISTORY, 5L), split);
            assertEquals(a, b);
            assertEquals(a, protocolString(new LeaveLastOutProtocol(log, MAX_HISTORY, 5L), split));
            if (split == Split.TRAIN) {
                assertNotEquals(a, protocolString(new LeaveLastOutProtocol(log, MAX_HISTORY, 6L), split));
            }
        }
    }

    private static String protocolString(LeaveLastOutProtocol protocol, Split split) {
        return ClickExampleView.all(protocol.examples(split)).toString();
    }
}
