package dev.tribuoctr.spark;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tribuoctr.ctr.data.ClickLogFormatException;
import dev.tribuoctr.onnx.OnnxModelFile;
import dev.tribuoctr.onnx.OnnxSchema;
import dev.tribuoctr.onnx.RawInputs;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Scores one Spark partition: opens an ONNX Runtime session over the broadcast model bytes, maps the rows onto the
 * model's inputs with {@link RawInputs} batch by batch, and returns each row with its click probability
 * appended, in the partition's order. The session is closed when the task ends, whether it succeeds or fails.
 */
final class OnnxPartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> model;
    private final String source;
    private final String[] columnNames;
    private final int batchSize;
    private final boolean mostRecentFirst;

    /**
     * @param model the exported file's bytes
     * @param source the file's name, for messages
     * @param columnNames the input rows' columns, in order
     * @param batchSize rows per ONNX Runtime call
     * @param mostRecentFirst whether history cells list the most recent click first
     */
    OnnxPartitionScorer(Broadcast<byte[]> model, String source, String[] columnNames, int batchSize,
                        boolean mostRecentFirst) {
        this.model = model;
        this.source = source;
        this.columnNames = columnNames.clone();
        this.batchSize = batchSize;
        this.mostRecentFirst = mostRecentFirst;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException, OrtException {
        OnnxSchema schema = OnnxModelFile.of(source, model.value()).schema();
        TaskContext task = TaskContext.get();
        RawInputs inputs = new RawInputs(schema, Arrays.asList(columnNames), "partition " + task.partitionId(),
                mostRecentFirst);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = env.createSession(model.value());
        task.addTaskCompletionListener(new TaskCompletionListener() {
            @Override
            public void onTaskCompletion(TaskContext context) {
                try {
                    session.close();
                } catch (OrtException e) {
                    throw new IllegalStateException("Cannot close the ONNX Runtime session of " + source, e);
                }
            }
        });
        return new Batches(rows, session, env, inputs, task.partitionId());
    }

    /** Reads, scores and hands out one batch at a time, so a partition never sits in memory whole. */
    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final OrtSession session;
        private final OrtEnvironment env;
        private final RawInputs inputs;
        private final int partition;
        private List<Row> batch = List.of();
        private float[] probabilities;
        private int next;
        private long scored;

        Batches(Iterator<Row> rows, OrtSession session, OrtEnvironment env, RawInputs inputs, int partition) {
            this.rows = rows;
            this.session = session;
            this.env = env;
            this.inputs = inputs;
            this.partition = partition;
        }

        @Override
        public boolean hasNext() {
            return next < batch.size() || rows.hasNext();
        }

        @Override
        public Row next() {
            if (next == batch.size()) {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                scoreNextBatch();
            }
            Row row = batch.get(next);
            Object[] values = new Object[row.length() + 1];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            values[row.length()] = probabilities[next++];
            return RowFactory.create(values);
        }

        /** The batch's model inputs as tensors; a bad number names its row's cells too (Spark rows have no line). */
        private Map<String, OnnxTensor> tensors(List<Row> read) throws OrtException {
            long first = scored;
            Map<String, Object> arrays;
            try {
                arrays = inputs.arrays(read.size(), (r, c) -> {
                    Object value = read.get(r).get(c);
                    return value == null ? null : value.toString();
                }, r -> first + r + 1);
            } catch (ClickLogFormatException e) {
                throw new IllegalArgumentException(e.getMessage() + " (the row: " + read.get((int) (e.line() - first - 1))
                        + ")", e);
            }
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Object> e : arrays.entrySet()) {
                    feed.put(e.getKey(), OnnxTensor.createTensor(env, e.getValue()));
                }
            } catch (OrtException | RuntimeException e) {
                feed.values().forEach(OnnxTensor::close);
                throw e;
            }
            return feed;
        }

        private void scoreNextBatch() {
            List<Row> read = new ArrayList<>(batchSize);
            while (read.size() < batchSize && rows.hasNext()) {
                read.add(rows.next());
            }
            Map<String, OnnxTensor> feed = null;
            try {
                feed = tensors(read);
                try (OrtSession.Result result = session.run(feed)) {
                    probabilities = (float[]) result.get(OnnxSchema.OUTPUT).orElseThrow(() ->
                            new IllegalStateException(source + ": no '" + OnnxSchema.OUTPUT + "' output")).getValue();
                }
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on rows " + (scored + 1) + "–"
                        + (scored + read.size()) + " of partition " + partition + ": " + e.getMessage(), e);
            } finally {
                if (feed != null) {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
            batch = read;
            next = 0;
            scored += read.size();
        }
    }
}
