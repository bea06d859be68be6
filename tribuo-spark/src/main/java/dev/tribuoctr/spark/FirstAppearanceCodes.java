package dev.tribuoctr.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.min;

/**
 * Codes ids 0, 1, 2, … in order of first appearance in the file, as the single-machine {@code IdDictionary}
 * does: the negative sampler is seeded with the user's code and draws item codes, so both must match it.
 */
final class FirstAppearanceCodes {
    private FirstAppearanceCodes() { }

    /**
     * @param clicks clicks with a {@code line} column
     * @param idColumn the id column to code
     * @param codeColumn the name of the code column to add
     * @param extra further per-id aggregates to keep (e.g. the item's category)
     * @return one row per id: the id, the extra aggregates, then the code (an int)
     */
    static Dataset<Row> assign(Dataset<Row> clicks, String idColumn, String codeColumn, Column... extra) {
        Dataset<Row> firsts = clicks.groupBy(idColumn).agg(min("line").as("first"), extra)
                .orderBy("first").drop("first");
        StructType schema = firsts.schema().add(codeColumn, DataTypes.IntegerType, false);
        JavaRDD<Row> coded = firsts.javaRDD().zipWithIndex().map(p -> {
            Object[] values = new Object[p._1().size() + 1];
            for (int i = 0; i < p._1().size(); i++) {
                values[i] = p._1().get(i);
            }
            values[values.length - 1] = Math.toIntExact(p._2());
            return RowFactory.create(values);
        });
        return firsts.sparkSession().createDataFrame(coded, schema);
    }
}
