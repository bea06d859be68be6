package dev.tribuoctr.ctr.data;

import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test helper: reads a CTR example back into its parts. */
record ClickExampleView(String label, String item, String category, String user, Map<Integer, String> history,
                        Map<String, String> context) {
    static ClickExampleView of(Example<Label> example) {
        String item = null;
        String category = null;
        String user = null;
        Map<Integer, String> history = new TreeMap<>();
        Map<String, String> context = new TreeMap<>();
        for (Feature f : example) {
            String name = f.getName();
            int at = name.indexOf('@');
            String field = name.substring(0, at);
            String value = name.substring(at + 1);
            switch (field) {
                case "item": item = value; break;
                case "cate": category = value; break;
                case "user": user = value; break;
                case "hist_item":
                    if (history.put((int) f.getValue(), value) != null) {
                        throw new AssertionError("rank " + f.getValue() + " twice in " + example);
                    }
                    break;
                default: context.put(field, value);
            }
        }
        return new ClickExampleView(example.getOutput().getLabel(), item, category, user, history, context);
    }

    static List<ClickExampleView> all(Iterable<Example<Label>> examples) {
        List<ClickExampleView> list = new ArrayList<>();
        for (Example<Label> e : examples) {
            list.add(of(e));
        }
        return list;
    }

    boolean positive() {
        return label.equals("1");
    }
}
