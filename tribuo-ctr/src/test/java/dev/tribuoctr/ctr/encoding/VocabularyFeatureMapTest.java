package dev.tribuoctr.ctr.encoding;

import org.junit.jupiter.api.Test;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.VariableInfo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyFeatureMapTest {
    @Test
    void listsEveryVocabularyValueWithConsistentIds() {
        CtrFeatureLayout layout = CtrTestData.layout();
        VocabularyFeatureMap map = VocabularyFeatureMap.of(layout);
        List<String> names = new ArrayList<>();
        for (VariableInfo info : map) {
            names.add(info.getName());
        }
        // items i3, i1, i2, i9 as targets and in histories; cate c1..c3; context tag x, y and user u1, u2; numeric
        assertEquals(List.of("item@i3", "item@i1", "item@i2", "item@i9", "hist_item@i3", "hist_item@i1",
                "hist_item@i2", "hist_item@i9", "cate@c1", "cate@c2", "cate@c3", "tag@x", "tag@y", "user@u1",
                "user@u2", "age", "price"), names);
        assertEquals(names.size(), map.size());
        for (int id = 0; id < names.size(); id++) {
            assertEquals(id, map.getID(names.get(id)));
            assertEquals(names.get(id), map.get(id).getName());
            assertEquals(id, map.get(names.get(id)).getID());
        }
        assertEquals(-1, map.getID("item@unseen"));
        assertEquals(-1, map.getID("colour@red"));
        assertEquals(-1, map.getID("weight"));
        assertNull(map.get("item@unseen"));
        assertNull(map.get(names.size()));
        assertTrue(map.keySet().contains("user@u2"));
        assertEquals(names, new ArrayList<>(map.keySet()));
        assertEquals(names.size(), new ImmutableFeatureMap(ImmutableFeatureMap.deserialize(map.serialize())).size());
    }

    @Test
    void fieldsWithTheirVocabulariesAndNumericNames() {
        Vocabulary colours = new Vocabulary("colour", List.of("red", "blue"));
        VocabularyFeatureMap map = new VocabularyFeatureMap(List.of("colour", "shade"), List.of(colours, colours),
                List.of("weight"));
        List<String> names = new ArrayList<>(map.keySet());
        assertEquals(List.of("colour@red", "colour@blue", "shade@red", "shade@blue", "weight"), names);
        assertEquals(4, map.getID("weight"));
        assertEquals(-1, map.getID("colour"));
        assertEquals(-1, map.getID("shade@green"));
        assertTrue(map.vocabulary("shade") == colours);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new VocabularyFeatureMap(List.of("colour"), List.of(), List.of()));
    }

    @Test
    void javaSerializationWritesTheSharedVocabulariesOnce() throws IOException, ClassNotFoundException {
        CtrFeatureLayout layout = CtrTestData.layout();
        VocabularyFeatureMap map = VocabularyFeatureMap.of(layout);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(layout);
            out.writeObject(map);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            CtrFeatureLayout readLayout = (CtrFeatureLayout) in.readObject();
            VocabularyFeatureMap readMap = (VocabularyFeatureMap) in.readObject();
            assertTrue(readMap.vocabulary("item") == readLayout.itemVocabulary(),
                    "the map refers to the vocabularies written beside it");
            assertTrue(readMap.vocabulary("hist_item") == readLayout.itemVocabulary());
            assertEquals(map, readMap);
            assertEquals(map.size(), readMap.size());
            assertEquals(map.getID("hist_item@i9"), readMap.getID("hist_item@i9"));
        }
    }
}
