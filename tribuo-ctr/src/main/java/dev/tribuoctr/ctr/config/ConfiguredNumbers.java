package dev.tribuoctr.ctr.config;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import dev.tribuoctr.ctr.data.DecimalText;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Numbers in configurations and on command lines read as plain decimals. OLCUT parses a configured number with
 * Java's lenient parsers, so {@code 0.01d}, {@code 1f} and {@code 0x1p3} are taken as 0.01, 1 and 8, and
 * {@code NaN} or {@code Infinity} as themselves; a shared configuration (or a typo) then trains something else than it
 * says, silently. This check reads every value a numeric {@code @Config} field (or an array of them) is given, after
 * global properties are resolved, by the strict rules the data files follow ({@link DecimalText}).
 */
public final class ConfiguredNumbers {
    private static final Set<Class<?>> INTEGERS = Set.of(int.class, long.class, short.class, byte.class,
            Integer.class, Long.class, Short.class, Byte.class);
    private static final Set<Class<?>> DECIMALS = Set.of(double.class, float.class, Double.class, Float.class);

    private ConfiguredNumbers() { }

    /**
     * Checks every configured component's numeric fields.
     * @param cm a configuration, with any command-line properties and overrides applied
     * @throws PropertyException naming the component, the field and the value that is not a plain number
     */
    public static void check(ConfigurationManager cm) {
        for (String component : cm.getComponentNames()) {
            ConfigurationData data = cm.getConfigurationData(component).orElse(null);
            Class<?> type = data == null ? null : classOf(data.getClassName());
            if (type == null) {
                continue; // OLCUT reports a class it cannot find when the component is looked up
            }
            for (Map.Entry<String, Property> e : data.getProperties().entrySet()) {
                Class<?> fieldType = configuredFieldType(type, e.getKey());
                if (fieldType == null) {
                    continue;
                }
                for (SimpleProperty value : values(e.getValue())) {
                    String text = cm.getImmutableGlobalProperties().replaceGlobalProperties(component, e.getKey(),
                            value.getValue());
                    String problem = problem(fieldType, text);
                    if (problem != null) {
                        throw new PropertyException(component, e.getKey(), "component '" + component + "' field '"
                                + e.getKey() + "': " + problem);
                    }
                }
            }
        }
    }

    /**
     * @param type a field's or option's type (an array's component type is looked through)
     * @param text the value given for it
     * @return why the value is not a plain number of that type, or null when it is one or the type is not numeric
     */
    public static String problem(Class<?> type, String text) {
        Class<?> element = type.isArray() ? type.getComponentType() : type;
        if (!INTEGERS.contains(element) && !DECIMALS.contains(element)) {
            return null;
        }
        List<String> parts = type.isArray() ? List.of(text.split(",", -1)) : List.of(text);
        for (String part : parts) {
            String trimmed = part.trim(); // OLCUT trims list items; a plain value with spaces is refused below
            String cell = type.isArray() ? trimmed : part;
            try {
                if (INTEGERS.contains(element)) {
                    DecimalText.parseLong(cell);
                } else if (!DecimalText.isDecimal(cell)) {
                    DecimalText.parseFinite(cell); // throws, saying why
                }
            } catch (NumberFormatException ex) {
                return ex.getMessage();
            }
        }
        return null;
    }

    private static List<SimpleProperty> values(Property property) {
        if (property instanceof SimpleProperty simple) {
            return List.of(simple);
        } else if (property instanceof ListProperty list) {
            return list.getSimpleList();
        }
        return List.of();
    }

    /** The type of a configurable field of a class or its superclasses, or null if it has no such field. */
    private static Class<?> configuredFieldType(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && f.isAnnotationPresent(Config.class)) {
                    return f.getType();
                }
            }
        }
        return null;
    }

    /** The class a component names, without initialising it (OLCUT does that on lookup). */
    private static Class<?> classOf(String name) {
        try {
            return Class.forName(name, false, ConfiguredNumbers.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
