package dev.tribuoctr.featuresel;

import com.google.protobuf.Any;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.model.ClickModel;
import dev.tribuoctr.ctr.model.ClickModelProtos;
import dev.tribuoctr.ctr.model.ModelChecksums;
import dev.tribuoctr.ctr.model.ParameterSnapshot;
import dev.tribuoctr.featuresel.data.FieldColumnsDataset;
import dev.tribuoctr.featuresel.protos.FieldLayoutProto;
import dev.tribuoctr.featuresel.protos.GatedFieldModelProto;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.ProtoSerializableClass;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The gated field model of design §6.2 (docs/design/lpfs.md) as a Tribuo {@code Model<Label>}: scores label {@code "1"} with the click
 * probability. A model straight out of LPFS carries its gate factors γ_f; a {@link FieldPruning pruned} model has
 * the kept gates folded into its embeddings, the dropped fields removed, and all factors 1. Predictions go through a
 * {@link GatedFieldPredictor} made once per model (on the CPU backend, the fused pass with reused buffers).
 * <p>
 * Two serialized forms: Java serialization, and Tribuo's protobuf format ({@link #serialize()},
 * {@code Model.serializeToFile}, read back by {@code Model.deserializeFromFile}) as a {@link GatedFieldModelProto},
 * the same for gated and pruned models. The protobuf form stores the vocabularies once: the feature map is rebuilt
 * from them on load.
 */
@ProtoSerializableClass(version = GatedFieldModel.CURRENT_VERSION, serializedDataClass = GatedFieldModelProto.class)
public final class GatedFieldModel extends ClickModel {
    private static final long serialVersionUID = 1L;
    /** Protobuf format version written by {@link #serialize()}. */
    public static final int CURRENT_VERSION = 0;

    private final GatedFieldNetwork network;
    private final FieldEncoder encoder;
    private final ParameterSnapshot parameters;
    private final double[] gateFactors;
    private transient ParameterSet tensors;
    private transient GatedFieldPredictor predictor;

    /**
     * @param name model name
     * @param provenance provenance
     * @param featureMap feature map of the training data
     * @param outputInfo label info ("0", "1")
     * @param network the network
     * @param encoder the field encoder
     * @param parameters the parameters
     * @param gateFactors γ_f per field of the encoder's layout
     */
    public GatedFieldModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureMap,
                           ImmutableOutputInfo<Label> outputInfo, GatedFieldNetwork network, FieldEncoder encoder,
                           ParameterSnapshot parameters, double[] gateFactors) {
        super(name, provenance, featureMap, outputInfo);
        if (gateFactors.length != network.fieldCount()) {
            throw new IllegalArgumentException(gateFactors.length + " gate factors for " + network.fieldCount() + " fields");
        }
        this.network = network;
        this.encoder = encoder;
        this.parameters = parameters;
        this.gateFactors = gateFactors.clone();
        this.tensors = parameters.toParameterSet();
        this.predictor = network.predictor(tensors, this.gateFactors);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        tensors = parameters.toParameterSet();
        predictor = network.predictor(tensors, gateFactors);
    }

    /** @return the field layout */
    public FieldLayout layout() { return encoder.layout(); }

    /** @return the network */
    public GatedFieldNetwork network() { return network; }

    /** @return the field encoder */
    public FieldEncoder encoder() { return encoder; }

    /** @return a copy of the parameters */
    public ParameterSet parameters() { return tensors.dup(); }

    /** @return the gate factors γ_f */
    public double[] gateFactors() { return gateFactors.clone(); }

    /**
     * Click probabilities of a dataset's examples in iteration order, {@link #PREDICTION_BATCH} at a time: a
     * {@link FieldColumnsDataset} is encoded from its columns (no example made), any other dataset is iterated, so
     * only one batch of examples is held at once.
     * @param dataset the examples (labels are ignored)
     * @return one click probability per example
     */
    public double[] clickProbabilities(Dataset<Label> dataset) {
        double[] out = new double[dataset.size()];
        int[] positions = new int[PREDICTION_BATCH];
        if (dataset instanceof FieldColumnsDataset) {
            FieldColumnsDataset columnar = (FieldColumnsDataset) dataset;
            ColumnBatches rows = new ColumnBatches(columnar.columns(),
                    columnar.isShuffled() ? columnar.rowOrder() : null, layout());
            for (int from = 0; from < out.length; from += PREDICTION_BATCH) {
                int n = Math.min(PREDICTION_BATCH, out.length - from);
                for (int i = 0; i < n; i++) {
                    positions[i] = from + i;
                }
                System.arraycopy(predictor.probabilities(rows.batch(positions, 0, n)), 0, out, from, n);
            }
            return out;
        }
        List<Example<Label>> batch = new ArrayList<>(PREDICTION_BATCH);
        int done = 0;
        for (Iterator<Example<Label>> it = dataset.iterator(); it.hasNext(); ) {
            batch.add(it.next());
            if (batch.size() == PREDICTION_BATCH || !it.hasNext()) {
                double[] p = batchProbabilities(batch, 0, batch.size());
                System.arraycopy(p, 0, out, done, p.length);
                done += p.length;
                batch.clear();
            }
        }
        return out;
    }

    /**
     * @param batch a batch encoded for this model's layout (such as one with a field's values permuted)
     * @return one click probability per instance
     */
    double[] probabilities(FieldBatch batch) {
        return predictor.probabilities(batch);
    }

    @Override
    protected double[] batchProbabilities(List<? extends Example<Label>> examples, int from, int to) {
        return predictor.probabilities(encoder.encode(examples, from, to, false));
    }

    /**
     * Writes the model in Tribuo's protobuf format.
     * @return the protobuf form, a {@link GatedFieldModelProto} in Tribuo's {@link ModelProto} envelope
     */
    @Override
    public ModelProto serialize() {
        boolean rebuildable = layout().featureMap().equals(featureIDMap);
        GatedFieldModelProto.Builder data = GatedFieldModelProto.newBuilder()
                .setMetadata(ClickModelProtos.metadata(this, !rebuildable))
                .setLayout(layout().toProto())
                .setNetwork(network.toProto())
                .setParameters(parameters.toProto())
                .setFeatureMapFromLayout(rebuildable);
        for (double factor : gateFactors) {
            data.addGateFactors(factor);
        }
        data.addAllChecksums(checksums(data.build()).toProto());
        return ClickModelProtos.envelope(GatedFieldModel.class, CURRENT_VERSION, data.build());
    }

    /**
     * Reads a model written by {@link #serialize()}; called by Tribuo's {@code Model.deserialize}.
     * @param version the format version
     * @param className the class name the envelope names
     * @param message the {@link GatedFieldModelProto}
     * @return the model
     * @throws IllegalArgumentException if the version is unknown, the class name or message type is wrong, or the
     *                                  model's parts do not fit together (a parameter's size or shape, the number of
     *                                  gate factors), or a part fails its checksum (the message names the part)
     */
    public static GatedFieldModel deserializeFromProto(int version, String className, Any message) {
        GatedFieldModelProto proto = ClickModelProtos.unpack(version, className, message, GatedFieldModel.class,
                CURRENT_VERSION, GatedFieldModelProto.class);
        checksums(proto).verify(proto.getChecksumsList());
        ModelDataCarrier<Label> metadata = ClickModelProtos.readMetadata(proto.getMetadata());
        FieldLayout layout = FieldLayout.fromProto(proto.getLayout());
        GatedFieldNetwork network = GatedFieldNetwork.fromProto(proto.getNetwork(), layout);
        ParameterSnapshot parameters = ParameterSnapshot.fromProto(proto.getParameters());
        parameters.requireShapes(network.parameterShapes(), "The gated field model's network");
        ImmutableFeatureMap features = proto.getFeatureMapFromLayout() ? layout.featureMap() : metadata.featureDomain();
        double[] factors = proto.getGateFactorsList().stream().mapToDouble(Double::doubleValue).toArray();
        return new GatedFieldModel(metadata.name(), metadata.provenance(), features, metadata.outputDomain(), network,
                new FieldEncoder(layout), parameters, factors);
    }

    /** The parts of the protobuf form, each with its own checksum: together every field but the checksums. */
    private static ModelChecksums checksums(GatedFieldModelProto proto) {
        FieldLayoutProto layout = proto.getLayout();
        return new ModelChecksums("gated field model")
                .add("metadata", "the model's metadata (name, provenance, label and feature domains)",
                        proto.getMetadata())
                .addVocabularies("layout.vocabularies", "field", layout.getVocabulariesList())
                .addRest("layout", "the field layout (categorical, numeric, multi-valued and weighted fields)",
                        layout, "vocabularies")
                .add("network", "the network settings (embedding dimension, hidden sizes)", proto.getNetwork())
                .addParameters("parameters", proto.getParameters())
                .addRest("settings", "the gate factors and settings", proto, "metadata", "layout", "network",
                        "parameters", "checksums");
    }

    @Override
    protected GatedFieldModel copy(String newName, ModelProvenance newProvenance) {
        return new GatedFieldModel(newName, newProvenance, featureIDMap, outputIDInfo, network, encoder,
                ParameterSnapshot.of(tensors), gateFactors);
    }

    @Override
    public String toString() {
        return "GatedFieldModel(name=" + name + ",fields=" + layout().fieldNames() + ",dim=" + network.dim()
                + ",hidden=" + Arrays.toString(network.hiddenSizes()) + ",gateFactors="
                + Arrays.toString(gateFactors) + ",parameters=" + parameters.parameterCount() + " "
                + parameters.dataType() + ")";
    }
}
