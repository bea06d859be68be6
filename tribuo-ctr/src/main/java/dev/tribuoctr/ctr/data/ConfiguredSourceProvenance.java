package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The provenance of every configured data source of the plugin: the host's class and configured fields, plus instance
 * values: the SHA-256 hash of each file read, under {@code hash:<file name>} ({@link DataFiles#HASH_PREFIX}), and any
 * other string facts the source records (such as a click log's detected {@code layout}). It round-trips through
 * OLCUT's marshalling ({@link #ConfiguredSourceProvenance(Map)}).
 * <p>
 * On unmarshalling, a string value whose key is not a {@link Config} field of the host class (found by reflection)
 * is an instance value; when the host class cannot be loaded, such values stay configured parameters.
 */
public final class ConfiguredSourceProvenance extends SkeletalConfiguredObjectProvenance
        implements ConfiguredDataSourceProvenance {
    private static final long serialVersionUID = 1L;
    /** Prefix of the file-hash instance values. */
    public static final String HASH_PREFIX = DataFiles.HASH_PREFIX;

    private final Map<String, PrimitiveProvenance<?>> instanceValues;

    /**
     * The provenance of a source with no instance values (a generated one).
     * @param host the source
     */
    public ConfiguredSourceProvenance(Configurable host) {
        this(host, Map.of(), Map.of());
    }

    /**
     * @param host the source
     * @param fileHashes SHA-256 hash (hex) of each file read, by file name, in the order to record
     * @param values other string instance values, by key (keys must not start with {@link #HASH_PREFIX})
     */
    public ConfiguredSourceProvenance(Configurable host, Map<String, String> fileHashes, Map<String, String> values) {
        super(host, "DataSource");
        Map<String, PrimitiveProvenance<?>> map = DataFiles.hashProvenances(fileHashes);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(HASH_PREFIX)) {
                throw new IllegalArgumentException("Instance value '" + e.getKey() + "' uses the file-hash prefix");
            }
            map.put(e.getKey(), new StringProvenance(e.getKey(), e.getValue()));
        }
        this.instanceValues = Collections.unmodifiableMap(map);
    }

    /**
     * Rebuilds the provenance from its marshalled form (used reflectively by OLCUT).
     * @param map the provenance fields
     */
    public ConfiguredSourceProvenance(Map<String, Provenance> map) {
        this(extract(map));
    }

    private ConfiguredSourceProvenance(ExtractedInfo info) {
        super(info);
        this.instanceValues = Collections.unmodifiableMap(new LinkedHashMap<>(info.instanceValues));
    }

    private static ExtractedInfo extract(Map<String, Provenance> map) {
        Map<String, Provenance> parameters = new HashMap<>(map);
        String name = ConfiguredSourceProvenance.class.getSimpleName();
        String className = ObjectProvenance.checkAndExtractProvenance(parameters, CLASS_NAME,
                StringProvenance.class, name).getValue();
        String hostType = ObjectProvenance.checkAndExtractProvenance(parameters, HOST_SHORT_NAME,
                StringProvenance.class, name).getValue();
        Map<String, PrimitiveProvenance<?>> instance = DataFiles.extractHashProvenances(map, parameters, name);
        Set<String> configFields = configFields(className);
        if (configFields != null) {
            for (String key : new TreeSet<>(parameters.keySet())) {
                if (!configFields.contains(key) && parameters.get(key) instanceof StringProvenance) {
                    instance.put(key, ObjectProvenance.checkAndExtractProvenance(parameters, key,
                            StringProvenance.class, name));
                }
            }
        }
        return new ExtractedInfo(className, hostType, parameters, instance);
    }

    /** @return the names of the {@link Config} fields of a class and its superclasses, or null if it is not found */
    private static Set<String> configFields(String className) {
        Set<String> names = new HashSet<>();
        try {
            for (Class<?> c = Class.forName(className); c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.isAnnotationPresent(Config.class)) {
                        names.add(f.getName());
                    }
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return names;
    }

    @Override
    public Map<String, PrimitiveProvenance<?>> getInstanceValues() {
        Map<String, PrimitiveProvenance<?>> map = new LinkedHashMap<>(super.getInstanceValues());
        map.putAll(instanceValues);
        return map;
    }

    /**
     * @param fileName a file name such as {@code u.data}
     * @return its recorded SHA-256 hash, or null
     */
    public String fileHash(String fileName) {
        return value(HASH_PREFIX + fileName);
    }

    /**
     * @param key an instance value's key (a file hash's is {@code hash:<file name>})
     * @return its value, or null
     */
    public String value(String key) {
        PrimitiveProvenance<?> p = instanceValues.get(key);
        return p == null ? null : p.getValue().toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConfiguredSourceProvenance) || !super.equals(o)) {
            return false;
        }
        return new HashMap<>(instanceValues).equals(new HashMap<>(((ConfiguredSourceProvenance) o).instanceValues));
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), new HashMap<>(instanceValues));
    }
}
