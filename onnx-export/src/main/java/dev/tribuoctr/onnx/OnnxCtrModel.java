package dev.tribuoctr.onnx;

import dev.tribuoctr.ctr.encoding.ClickFeatureNames;
import dev.tribuoctr.ctr.encoding.UnknownFeatures;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.tribuoctr.ctr.model.ClickModel;
import dev.tribuoctr.ctr.model.ClickModelProtos;
import dev.tribuoctr.ctr.model.ModelChecksums;
import dev.tribuoctr.ctr.model.ClickPredictions;
import dev.tribuoctr.onnx.protos.OnnxCtrModelProto;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.ProtoSerializableClass;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Tribuo {@code Model<Label>} backed by an ONNX Runtime session over a file written by {@link OnnxExporter}, so
 * serving code keeps Tribuo's API: examples are mapped onto the graph's string and float inputs as training encoded
 * them, and each prediction scores label {@code "1"} with the click probability. Its provenance is the exported
 * model's own (read from the file), and its feature map lists the values the file's vocabularies know.
 * <p>
 * Serializable (the file's bytes travel with it and the session is rebuilt on reading) and {@link #close()
 * closeable} (it releases the native session). Predicting is thread safe, as ONNX Runtime sessions are.
 * <p>
 * It also has Tribuo's protobuf format ({@link #serialize()}, {@code Model.serializeToFile}, read back by
 * {@code Model.deserializeFromFile}): an {@link OnnxCtrModelProto} holds the file's bytes and the model's metadata;
 * the session, the input schema and the feature map are rebuilt from the bytes on load.
 */
@ProtoSerializableClass(version = OnnxCtrModel.CURRENT_VERSION, serializedDataClass = OnnxCtrModelProto.class)
public final class OnnxCtrModel extends ClickModel implements AutoCloseable {
    private static final long serialVersionUID = 1L;
    /** Protobuf format version written by {@link #serialize()}. */
    public static final int CURRENT_VERSION = 0;

    private final byte[] modelBytes;
    private transient OnnxSchema schema;
    private transient OrtEnvironment env;
    private transient OrtSession session;
    private transient ExampleInputs inputs;

    private OnnxCtrModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureMap,
                         ImmutableOutputInfo<Label> outputInfo, OnnxModelFile file, OrtSession.SessionOptions options)
            throws IOException {
        super(name, provenance, featureMap, outputInfo);
        this.modelBytes = file.bytes();
        open(file, options);
    }

    private void open(OnnxModelFile file, OrtSession.SessionOptions options) throws IOException {
        this.schema = file.schema();
        this.inputs = new ExampleInputs(schema);
        this.env = OrtEnvironment.getEnvironment();
        try {
            this.session = options == null ? env.createSession(modelBytes) : env.createSession(modelBytes, options);
        } catch (OrtException e) {
            throw new IOException(file.source() + " cannot be loaded by ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /**
     * @param file an exported file
     * @return a model backed by a session over it
     * @throws IOException if the file cannot be read, is not an export of this library, or ONNX Runtime rejects it
     */
    public static OnnxCtrModel load(Path file) throws IOException {
        return of(OnnxModelFile.read(file));
    }

    /**
     * @param file an exported file, already read
     * @return a model backed by a session over it
     * @throws IOException if ONNX Runtime rejects it
     */
    public static OnnxCtrModel of(OnnxModelFile file) throws IOException {
        return of(file, null);
    }

    /**
     * @param file an exported file, already read
     * @param options ONNX Runtime session options (threads, execution providers), or null for the defaults; they
     *                apply to this instance only (copies and deserialized models use the defaults)
     * @return a model backed by a session over it
     * @throws IOException if ONNX Runtime rejects it
     */
    public static OnnxCtrModel of(OnnxModelFile file, OrtSession.SessionOptions options) throws IOException {
        return new OnnxCtrModel(file.proto().getGraph().getName(), file.provenance(), featureMap(file), clickLabels(),
                file, options);
    }

    private static ImmutableFeatureMap featureMap(OnnxModelFile file) {
        MutableFeatureMap map = new MutableFeatureMap();
        OnnxSchema schema = file.schema();
        for (OnnxInput input : schema.inputs()) {
            if (input.role() == OnnxInput.Role.NUMERIC) {
                map.add(input.name(), 0.0);
            } else if (input.role().isString()) {
                for (String value : file.vocabulary(input)) {
                    map.add(ClickFeatureNames.feature(input.field(), value), 1.0);
                }
            }
        }
        return new ImmutableFeatureMap(map);
    }

    private static ImmutableOutputInfo<Label> clickLabels() {
        MutableOutputInfo<Label> info = new LabelFactory().generateInfo();
        info.observe(new Label(ClickPredictions.NO_CLICK));
        info.observe(new Label(ClickPredictions.CLICK));
        return info.generateImmutableOutputInfo();
    }

    /** @return the file's input schema */
    public OnnxSchema schema() { return schema; }

    /**
     * Features of fields an exported CTR model does not have are ignored at prediction, as {@code CtrModel} and every
     * Tribuo model ignore them, counted here and logged once per field.
     * @return the count, in all and by field, since this model was opened; null for a field model
     */
    public UnknownFeatures unknownFeatures() { return inputs.unknownFeatures(); }

    @Override
    protected double[] batchProbabilities(List<? extends Example<Label>> examples, int from, int to) {
        Map<String, OnnxTensor> feed;
        try {
            feed = inputs.tensors(env, examples, from, to);
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot build ONNX Runtime inputs for examples " + from + "–" + (to - 1), e);
        }
        try (OrtSession.Result result = session.run(feed)) {
            OnnxValue value = result.get(OnnxSchema.OUTPUT).orElseThrow(() ->
                    new IllegalStateException("The session returned no '" + OnnxSchema.OUTPUT + "' output"));
            float[] probabilities = (float[]) value.getValue();
            double[] out = new double[probabilities.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = probabilities[i];
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on examples " + from + "–" + (to - 1) + ": "
                    + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    protected OnnxCtrModel copy(String newName, ModelProvenance newProvenance) {
        try {
            return new OnnxCtrModel(newName, newProvenance, featureIDMap, outputIDInfo,
                    OnnxModelFile.of(name, modelBytes), null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy ONNX model '" + name + "'", e);
        }
    }

    /**
     * Writes the model in Tribuo's protobuf format.
     * @return the protobuf form, an {@link OnnxCtrModelProto} in Tribuo's {@link ModelProto} envelope
     */
    @Override
    public ModelProto serialize() {
        OnnxCtrModelProto data = OnnxCtrModelProto.newBuilder()
                .setMetadata(ClickModelProtos.metadata(this, false))
                .setOnnxModel(ByteString.copyFrom(modelBytes))
                .build();
        data = data.toBuilder().addAllChecksums(checksums(data).toProto()).build();
        return ClickModelProtos.envelope(OnnxCtrModel.class, CURRENT_VERSION, data);
    }

    /**
     * Reads a model written by {@link #serialize()} and opens an ONNX Runtime session over its file (with the
     * default session options); called by Tribuo's {@code Model.deserialize}.
     * @param version the format version
     * @param className the class name the envelope names
     * @param message the {@link OnnxCtrModelProto}
     * @return the model
     * @throws IllegalArgumentException if the version is unknown, the class name or message type is wrong, or the
     *                                  stored bytes are not an export of this library that ONNX Runtime loads, or
     *                                  a part fails its checksum (the message names the part)
     */
    public static OnnxCtrModel deserializeFromProto(int version, String className, Any message) {
        OnnxCtrModelProto proto = ClickModelProtos.unpack(version, className, message, OnnxCtrModel.class,
                CURRENT_VERSION, OnnxCtrModelProto.class);
        checksums(proto).verify(proto.getChecksumsList());
        ModelDataCarrier<Label> metadata = ClickModelProtos.readMetadata(proto.getMetadata());
        try {
            OnnxModelFile file = OnnxModelFile.of(metadata.name(), proto.getOnnxModel().toByteArray());
            return new OnnxCtrModel(metadata.name(), metadata.provenance(), featureMap(file), metadata.outputDomain(),
                    file, null);
        } catch (IOException e) {
            throw new IllegalArgumentException("The stored ONNX model cannot be opened: " + e.getMessage(), e);
        }
    }

    /** The parts of the protobuf form, each with its own checksum: together every field but the checksums. */
    private static ModelChecksums checksums(OnnxCtrModelProto proto) {
        return new ModelChecksums("ONNX CTR model")
                .add("metadata", "the model's metadata (name, provenance, label domain)", proto.getMetadata())
                .add("onnx_model", "the ONNX model (graph, weights and vocabularies)", proto.getOnnxModel())
                .addRest("settings", "the model's settings", proto, "metadata", "onnx_model", "checksums");
    }

    /** Releases the native ONNX Runtime session. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot close the ONNX Runtime session of '" + name + "'", e);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        open(OnnxModelFile.of(name, modelBytes), null);
    }

    @Override
    public String toString() {
        return "OnnxCtrModel(name=" + name + ",kind=" + schema.kind() + ",inputs="
                + schema.inputs().stream().map(OnnxInput::name).toList() + ")";
    }
}
