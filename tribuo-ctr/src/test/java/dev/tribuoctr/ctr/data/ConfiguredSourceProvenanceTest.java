package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfiguredSourceProvenanceTest {
    /** A configurable host with a string field, which must stay a configured parameter after a round trip. */
    static final class Host implements Configurable {
        @Config(description = "a name")
        private String name = "ratings";
        @Config(description = "a count")
        private int count = 3;
    }

    private static ConfiguredSourceProvenance provenance(String hash) {
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("u.data", hash);
        hashes.put("u.item", "00ff");
        return new ConfiguredSourceProvenance(new Host(), hashes, Map.of("layout", "movielens-100k"));
    }

    @Test
    void roundTripsWithHashesAndInstanceValuesApartFromConfiguredFields() {
        ConfiguredSourceProvenance p = provenance("abcd");
        assertEquals("abcd", p.fileHash("u.data"));
        assertEquals("00ff", p.value("hash:u.item"));
        assertEquals("movielens-100k", p.value("layout"));
        assertNull(p.fileHash("u.user"));
        assertTrue(p.getInstanceValues().containsKey("hash:u.data"));
        assertFalse(p.getConfiguredParameters().containsKey("layout"));

        ConfiguredSourceProvenance back = (ConfiguredSourceProvenance)
                ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(p));
        assertEquals(p, back);
        assertEquals(p.hashCode(), back.hashCode());
        assertEquals("movielens-100k", back.value("layout"));
        assertEquals("abcd", back.fileHash("u.data"));
        assertTrue(back.getConfiguredParameters().containsKey("name"), "a String @Config field stays configured");
        assertFalse(back.getConfiguredParameters().containsKey("layout"));
        assertNotEquals(p, provenance("abce"));
    }

    @Test
    void withoutInstanceValuesRoundTrips() {
        ConfiguredSourceProvenance p = new ConfiguredSourceProvenance(new Host());
        assertEquals(p, ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(p)));
        assertNull(p.value("layout"));
    }

    @Test
    void rejectsAnInstanceValueWithTheHashPrefix() {
        assertThrows(IllegalArgumentException.class,
                () -> new ConfiguredSourceProvenance(new Host(), Map.of(), Map.of("hash:x", "1")));
    }
}
