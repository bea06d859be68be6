package dev.tribuoctr.ctr.data;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.encoding.CtrEncoder;
import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.CtrSchema;
import dev.tribuoctr.ctr.encoding.EncodedInstances;
import dev.tribuoctr.ctr.encoding.LabelMode;
import org.tribuo.DataSource;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples of any data source (a Tribuo {@code CSVDataSource} with a {@link HistoryFieldProcessor}, for
 * instance) held compactly: each distinct feature name once, in a dictionary, and each example as the codes of its
 * names and its values in flat arrays, about 12 bytes a feature value instead of a Tribuo example's objects and
 * strings. An {@link Example} is made again on access, equal to the source's in label, features and weight (example
 * metadata is not kept).
 * <p>
 * {@link dev.tribuoctr.ctr.train.MetaWrapperTrainer} reads it as {@link EncodedInstances.Columnar}: the layout is
 * counted and each mini-batch encoded from examples made on the fly, with the context widths of the whole set, so
 * the whole set is never encoded at once and the model equals the one trained from a {@code MutableDataset}.
 */
public final class CompactExampleDataset extends CompactDataset {
    private static final long serialVersionUID = 1L;
    private static final int CHUNK = 4096;

    private final String[] names;
    private final int[] rowStart;
    private final int[] codes;
    private final double[] values;
    private final Label[] outputs;
    private final byte[] outputOfRow;
    /** Example weights, null when every weight is 1. */
    private final float[] weights;

    private CompactExampleDataset(DataSource<Label> source, Reader reader) {
        super(source.getProvenance(), reader.outputInfo);
        this.names = reader.names.toArray(new String[0]);
        this.rowStart = Arrays.copyOf(reader.rowStart, reader.rows + 1);
        this.codes = Arrays.copyOf(reader.codes, reader.count);
        this.values = Arrays.copyOf(reader.values, reader.count);
        this.outputs = reader.outputs.toArray(new Label[0]);
        this.outputOfRow = Arrays.copyOf(reader.outputOfRow, reader.rows);
        this.weights = reader.weights == null ? null : Arrays.copyOf(reader.weights, reader.rows);
    }

    /**
     * Reads every example of a source once.
     * @param source the source
     * @return its examples, compactly
     * @throws IllegalArgumentException if the source has more than 2<sup>31</sup> − 9 feature values or 127 labels
     */
    public static CompactExampleDataset read(DataSource<Label> source) {
        Reader reader = new Reader(source);
        for (Example<Label> example : source) {
            reader.add(example);
        }
        return new CompactExampleDataset(source, reader);
    }

    /** Collects examples into growing arrays. */
    private static final class Reader {
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        private final List<Label> outputs = new ArrayList<>();
        private final MutableOutputInfo<Label> outputInfo;
        private int[] rowStart = new int[1024];
        private int[] codes = new int[4096];
        private double[] values = new double[4096];
        private byte[] outputOfRow = new byte[1024];
        private float[] weights;
        private int rows;
        private int count;

        Reader(DataSource<Label> source) {
            this.outputInfo = new LabelFactory().generateInfo();
        }

        void add(Example<Label> example) {
            if (!example.validateExample()) {
                throw new IllegalArgumentException("Example " + rows + " has no features, or a feature twice or "
                        + "with a non-finite value: " + example);
            }
            int size = example.size();
            if (count + (long) size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("More than " + (Integer.MAX_VALUE - 8) + " feature values: too"
                        + " many for one compact dataset; split the data into several files");
            }
            if (count + size > codes.length) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(count + size, codes.length * 3L / 2));
                codes = Arrays.copyOf(codes, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            if (rows + 1 >= rowStart.length) {
                rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
                outputOfRow = Arrays.copyOf(outputOfRow, rowStart.length);
                if (weights != null) {
                    weights = Arrays.copyOf(weights, rowStart.length);
                }
            }
            for (Feature f : example) {
                Integer code = index.get(f.getName());
                if (code == null) {
                    code = names.size();
                    index.put(f.getName(), code);
                    names.add(f.getName());
                }
                codes[count] = code;
                values[count++] = f.getValue();
            }
            Label label = example.getOutput();
            int output = outputs.indexOf(label);
            if (output < 0) {
                if (outputs.size() == Byte.MAX_VALUE) {
                    throw new IllegalArgumentException("More than " + Byte.MAX_VALUE + " distinct labels");
                }
                output = outputs.size();
                outputs.add(label);
            }
            outputInfo.observe(label);
            outputOfRow[rows] = (byte) output;
            if (example.getWeight() != 1f && weights == null) {
                weights = new float[rowStart.length];
                Arrays.fill(weights, 0, rows, 1f);
            }
            if (weights != null) {
                weights[rows] = example.getWeight();
            }
            rows++;
            rowStart[rows] = count;
        }
    }

    @Override
    public int size() { return outputOfRow.length; }

    @Override
    public Example<Label> getExample(int index) {
        checkIndex(index);
        int from = rowStart[index];
        int to = rowStart[index + 1];
        String[] featureNames = new String[to - from];
        double[] featureValues = new double[to - from];
        for (int i = from; i < to; i++) {
            featureNames[i - from] = names[codes[i]];
            featureValues[i - from] = values[i];
        }
        ArrayExample<Label> example = new ArrayExample<>(outputs[outputOfRow[index]], featureNames, featureValues);
        if (weights != null) {
            example.setWeight(weights[index]);
        }
        return example;
    }

    @Override
    protected int distinctFeatures() { return names.length; }

    // ---- columnar training ----

    /**
     * Every schema: the layout and the batches come from the examples themselves.
     * @param schema a schema
     * @return true
     */
    @Override
    public boolean supports(CtrSchema schema) { return true; }

    @Override
    public CtrFeatureLayout buildLayout(CtrSchema schema, Map<String, List<String>> itemMetadata) {
        return CtrFeatureLayout.build(schema, this, itemMetadata);
    }

    /**
     * Checks and measures every example once (in chunks, so memory stays bounded), then encodes mini-batches on
     * demand with the set's context widths.
     * @param layout the layout
     * @return the instances
     * @throws IllegalArgumentException if an example is malformed or its label is not "0" or "1"
     */
    @Override
    public EncodedInstances encode(CtrFeatureLayout layout) {
        CtrEncoder encoder = new CtrEncoder(layout);
        List<Example<Label>> all = getData();
        int[] widths = new int[layout.contextFields().size()];
        Arrays.fill(widths, 1);
        for (int from = 0; from < all.size(); from += CHUNK) {
            CtrBatch chunk = encoder.encode(all, from, Math.min(all.size(), from + CHUNK), LabelMode.REQUIRED);
            for (int f = 0; f < widths.length; f++) {
                widths[f] = Math.max(widths[f], chunk.contextWidth(f));
            }
        }
        return new EncodedInstances() {
            @Override
            public int size() { return all.size(); }

            @Override
            public CtrBatch select(int[] rows) {
                List<Example<Label>> batch = new ArrayList<>(rows.length);
                for (int row : rows) {
                    batch.add(getExample(row));
                }
                return encoder.encode(batch, 0, batch.size(), LabelMode.REQUIRED, widths);
            }
        };
    }
}
