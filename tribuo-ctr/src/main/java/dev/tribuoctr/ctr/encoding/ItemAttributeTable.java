package dev.tribuoctr.ctr.encoding;

import dev.tribuoctr.ctr.protos.AttributeColumnProto;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * For each attribute group, the attribute index of each item index (design §1.6, docs/design/data-encoding.md): used to look up the attributes of
 * history items. The padding item (0) has attribute 0, the OOV item (1) and items whose attribute is unknown have
 * attribute {@link Vocabulary#OOV}.
 */
public final class ItemAttributeTable implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[][] table;

    /**
     * Creates a table from its rows; the arrays are copied.
     * @param table per attribute group, the attribute index of each item index, [A][V_item]
     * @throws IllegalArgumentException if the rows differ in length, are shorter than 2, or break the padding/OOV rule
     */
    public ItemAttributeTable(int[][] table) {
        this.table = new int[table.length][];
        int items = -1;
        for (int g = 0; g < table.length; g++) {
            int[] row = table[g];
            if (row.length < Vocabulary.FIRST_VALUE || (items >= 0 && row.length != items)) {
                throw new IllegalArgumentException("Attribute group " + g + " has " + row.length
                        + " items, expected " + (items >= 0 ? items : ">= 2"));
            }
            if (row[Vocabulary.PADDING] != Vocabulary.PADDING || row[Vocabulary.OOV] != Vocabulary.OOV) {
                throw new IllegalArgumentException("Attribute group " + g + " must map padding to 0 and OOV to 1");
            }
            items = row.length;
            this.table[g] = row.clone();
        }
    }

    /**
     * Builds the table from resolved item→attribute values.
     * @param items the item vocabulary
     * @param attributes the attribute vocabularies, one per group
     * @param values per group, the attribute value of each item id (items absent → OOV)
     * @return the table
     */
    public static ItemAttributeTable build(Vocabulary items, List<Vocabulary> attributes, List<Map<String, String>> values) {
        if (attributes.size() != values.size()) {
            throw new IllegalArgumentException("Got " + attributes.size() + " attribute vocabularies and "
                    + values.size() + " value maps");
        }
        int[][] table = new int[attributes.size()][items.size()];
        for (int g = 0; g < table.length; g++) {
            Arrays.fill(table[g], Vocabulary.OOV);
            table[g][Vocabulary.PADDING] = Vocabulary.PADDING;
            Map<String, String> groupValues = values.get(g);
            Vocabulary vocabulary = attributes.get(g);
            for (int i = Vocabulary.FIRST_VALUE; i < items.size(); i++) {
                String value = groupValues.get(items.value(i));
                if (value != null) {
                    table[g][i] = vocabulary.index(value);
                }
            }
        }
        return new ItemAttributeTable(table);
    }

    /** @return the number of attribute groups {@code A} */
    public int groupCount() { return table.length; }

    /** @return the number of item indices covered {@code V_item} (0 when there are no attribute groups) */
    public int itemCount() { return table.length == 0 ? 0 : table[0].length; }

    /**
     * Returns an item's attribute index.
     * @param group attribute group
     * @param item item index
     * @return the attribute index
     */
    public int attribute(int group, int item) {
        return table[group][item];
    }

    /**
     * Returns a copy of one group's column.
     * @param group attribute group
     * @return the attribute index of each item index, [V_item]
     */
    public int[] toArray(int group) {
        return table[group].clone();
    }

    /** The internal row of a group, for the encoder's hot path; never modified. */
    int[] row(int group) {
        return table[group];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemAttributeTable && Arrays.deepEquals(table, ((ItemAttributeTable) o).table);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(table);
    }

    @Override
    public String toString() {
        return "ItemAttributeTable(groups=" + groupCount() + ",items=" + itemCount() + ")";
    }

    /** @return the protobuf form: one column per attribute group */
    public List<AttributeColumnProto> toProto() {
        List<AttributeColumnProto> columns = new ArrayList<>(table.length);
        for (int[] row : table) {
            AttributeColumnProto.Builder column = AttributeColumnProto.newBuilder();
            for (int attribute : row) {
                column.addAttributeOfItem(attribute);
            }
            columns.add(column.build());
        }
        return columns;
    }

    /**
     * @param columns the protobuf form, one column per attribute group
     * @return the table
     * @throws IllegalArgumentException if the columns break the rules of the constructor
     */
    public static ItemAttributeTable fromProto(List<AttributeColumnProto> columns) {
        int[][] table = new int[columns.size()][];
        for (int g = 0; g < table.length; g++) {
            AttributeColumnProto column = columns.get(g);
            table[g] = new int[column.getAttributeOfItemCount()];
            for (int i = 0; i < table[g].length; i++) {
                table[g][i] = column.getAttributeOfItem(i);
            }
        }
        return new ItemAttributeTable(table);
    }
}
