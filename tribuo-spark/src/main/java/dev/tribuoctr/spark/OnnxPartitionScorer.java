package dev.tribuoctr.spark;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tribuoctr.onnx.OnnxModelFile;
import dev.tribuoctr.onnx.OnnxSchema;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Scores one Spark partition: opens an ONNX Runtime session over the broadcast model bytes, maps the rows onto the
 * model's inputs with {@link RawColumnInputs} batch by batch, and returns each row with its click probability
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
        Map<String, Integer> fieldIndex = new HashMap<>();
        for (int i = 0; i < columnNames.length; i++) {
            fieldIndex.put(columnNames[i], i);
        }
        RawColumnInputs inputs = new RawColumnInputs(schema, fieldIndex, mostRecentFirst);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = env.createSession(model.value());
        TaskContext task = TaskContext.get();
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
        private final RawColumnInputs inputs;
        private final int partition;
        private List<Row> batch = List.of();
        private float[] probabilities;
        private int next;
        private long scored;

        Batches(Iterator<Row> rows, OrtSession session, OrtEnvironment env, RawColumnInputs inputs, int partition) {
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

        private void scoreNextBatch() {
            List<Row> read = new ArrayList<>(batchSize);
            while (read.size() < batchSize && rows.hasNext()) {
                read.add(rows.next());
            }
            Map<String, OnnxTensor> feed = null;
            try {
                feed = inputs.tensors(env, read, partition, scored);
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
