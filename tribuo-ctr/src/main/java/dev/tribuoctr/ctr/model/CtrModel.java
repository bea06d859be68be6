package dev.tribuoctr.ctr.model;

import com.google.protobuf.Any;
import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.encoding.CtrEncoder;
import dev.tribuoctr.ctr.encoding.UnknownFeatures;
import dev.tribuoctr.ctr.encoding.CtrFeatureLayout;
import dev.tribuoctr.ctr.encoding.LabelMode;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import dev.tribuoctr.ctr.encoding.VocabularyFeatureMap;
import dev.tribuoctr.ctr.engine.ParameterSet;
import dev.tribuoctr.ctr.protos.CtrModelProto;
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
import java.util.List;
import java.util.Map;

/**
 * A trained CTR interest model (design §2, docs/design/interest-model.md) as a Tribuo {@code Model<Label>}: it encodes examples with the vocabularies
 * and item→attribute table learned in training, runs the network in batches, and predicts label {@code "1"}
 * (clicked) with the click probability as its score and {@code "0"} with the complement.
 * <p>
 * Parameters are stored as plain arrays in their training precision ({@link ParameterSnapshot}), so a model
 * serializes independently of the ND4J backend and a restored model predicts bit-identically.
 * <p>
 * Two serialized forms: Java serialization, and Tribuo's protobuf format ({@link #serialize()},
 * {@code Model.serializeToFile}, read back by {@code Model.deserializeFromFile}) as a {@link CtrModelProto}. The
 * protobuf form stores the vocabularies once: the feature map is rebuilt from them on load.
 */
@ProtoSerializableClass(version = CtrModel.CURRENT_VERSION, serializedDataClass = CtrModelProto.class)
public final class CtrModel extends ClickModel {
    private static final long serialVersionUID = 1L;
    /** Protobuf format version written by {@link #serialize()}. */
    public static final int CURRENT_VERSION = 0;
    /** Label of a click. */
    public static final String CLICK = ClickPredictions.CLICK;
    /** Label of no click. */
    public static final String NO_CLICK = ClickPredictions.NO_CLICK;

    private final InterestArchitecture architecture;
    private final CtrEncoder encoder;
    private final ParameterSnapshot parameters;
    private transient ParameterSet tensors;
    private transient InterestNetwork.Predictor predictor;

    /**
     * @param name model name
     * @param provenance model provenance
     * @param featureIDMap the training feature map
     * @param outputIDInfo the training label info (must hold "0" and "1")
     * @param architecture network shapes
     * @param encoder the encoder built in training
     * @param parameters trained parameters
     */
    public CtrModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                    ImmutableOutputInfo<Label> outputIDInfo, InterestArchitecture architecture, CtrEncoder encoder,
                    ParameterSnapshot parameters) {
        super(name, provenance, featureIDMap, outputIDInfo);
        this.architecture = architecture;
        this.encoder = encoder;
        this.parameters = parameters;
        init();
    }

    private void init() {
        this.tensors = parameters.toParameterSet();
        this.predictor = new InterestNetwork(architecture).predictor(tensors);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        init();
    }

    /** @return the network shapes */
    public InterestArchitecture architecture() { return architecture; }

    /** @return the encoder (schema, vocabularies, item→attribute table) */
    public CtrEncoder encoder() { return encoder; }

    /**
     * The features {@code predict} ignored because their field is not part of this model's layout (a field it was
     * never trained with), as every Tribuo model ignores unknown features; each such field is logged once as a
     * warning. Shared with the model's copies.
     * @return the count, in all and by field
     */
    public UnknownFeatures unknownFeatures() { return encoder.unknownFeatures(); }

    /** @return a copy of the trained parameters as ND4J tensors */
    public ParameterSet parameters() { return tensors.dup(); }

    /**
     * Click probabilities of instances already encoded against this model's layout ({@code encoder().layout()}),
     * e.g. columnar data read without examples: the same numbers {@code predict} gives for their examples.
     * @param batch the instances
     * @return the probability of a click, per instance
     */
    public double[] clickProbabilities(CtrBatch batch) {
        return predictor.probabilities(NetworkInput.of(batch, tensors.dataType()));
    }

    @Override
    protected double[] batchProbabilities(List<? extends Example<Label>> examples, int from, int to) {
        return clickProbabilities(encoder.encode(examples, from, to, LabelMode.OPTIONAL));
    }

    @Override
    protected CtrModel copy(String newName, ModelProvenance newProvenance) {
        return new CtrModel(newName, newProvenance, featureIDMap, outputIDInfo, architecture, encoder,
                ParameterSnapshot.of(tensors));
    }

    /**
     * Writes the model in Tribuo's protobuf format.
     * @return the protobuf form, a {@link CtrModelProto} in Tribuo's {@link ModelProto} envelope
     */
    @Override
    public ModelProto serialize() {
        CtrFeatureLayout layout = encoder.layout();
        boolean rebuildable = VocabularyFeatureMap.of(layout).equals(featureIDMap);
        CtrModelProto data = CtrModelProto.newBuilder()
                .setMetadata(ClickModelProtos.metadata(this, !rebuildable))
                .setArchitecture(architecture.toProto())
                .setLayout(layout.toProto())
                .setParameters(parameters.toProto())
                .setFeatureMapFromLayout(rebuildable)
                .build();
        data = data.toBuilder().addAllChecksums(checksums(data).toProto()).build();
        return ClickModelProtos.envelope(CtrModel.class, CURRENT_VERSION, data);
    }

    /**
     * Reads a model written by {@link #serialize()}; called by Tribuo's {@code Model.deserialize}.
     * @param version the format version
     * @param className the class name the envelope names
     * @param message the {@link CtrModelProto}
     * @return the model
     * @throws IllegalArgumentException if the version is unknown, the class name or message type is wrong, or the
     *                                  model's parts do not fit together (e.g. a parameter's size or shape), or a
     *                                  part fails its checksum (the message names the part)
     */
    public static CtrModel deserializeFromProto(int version, String className, Any message) {
        CtrModelProto proto = ClickModelProtos.unpack(version, className, message, CtrModel.class, CURRENT_VERSION,
                CtrModelProto.class);
        checksums(proto).verify(proto.getChecksumsList());
        ModelDataCarrier<Label> metadata = ClickModelProtos.readMetadata(proto.getMetadata());
        InterestArchitecture architecture = InterestArchitecture.fromProto(proto.getArchitecture());
        CtrFeatureLayout layout = CtrFeatureLayout.fromProto(proto.getLayout());
        ParameterSnapshot parameters = ParameterSnapshot.fromProto(proto.getParameters());
        parameters.requireShapes(architecture.parameterShapes(), "The CTR model's architecture");
        requireMatch(architecture, layout);
        ImmutableFeatureMap features = proto.getFeatureMapFromLayout() ? VocabularyFeatureMap.of(layout)
                : metadata.featureDomain();
        return new CtrModel(metadata.name(), metadata.provenance(), features, metadata.outputDomain(), architecture,
                new CtrEncoder(layout), parameters);
    }

    /** The parts of the protobuf form, each with its own checksum: together every field but the checksums. */
    private static ModelChecksums checksums(CtrModelProto proto) {
        return new ModelChecksums("CTR model")
                .add("metadata", "the model's metadata (name, provenance, label and feature domains)",
                        proto.getMetadata())
                .add("architecture", "the network architecture (embedding and layer sizes, pooling)",
                        proto.getArchitecture())
                .addLayout("layout", proto.getLayout())
                .addParameters("parameters", proto.getParameters())
                .addRest("settings", "the model's settings (feature_map_from_layout)", proto, "metadata",
                        "architecture", "layout", "parameters", "checksums");
    }

    /** The encoder's indices must fit the embedding tables: the vocabularies and the tables have the same sizes. */
    private static void requireMatch(InterestArchitecture architecture, CtrFeatureLayout layout) {
        if (!architecture.attributeGroups().equals(layout.schema().attributeFields())
                || !architecture.contextFields().equals(layout.contextFields())
                || architecture.numericCount() != layout.numericFeatures().size()) {
            throw new IllegalArgumentException("The CTR model's architecture " + architecture
                    + " does not match its feature layout " + layout);
        }
        Map<String, long[]> shapes = architecture.parameterShapes();
        requireRows(shapes, InterestArchitecture.ITEM_GROUP, layout.itemVocabulary());
        for (int g = 0; g < layout.attributeCount(); g++) {
            requireRows(shapes, architecture.attributeGroups().get(g), layout.attributeVocabulary(g));
        }
        for (int f = 0; f < layout.contextFields().size(); f++) {
            requireRows(shapes, architecture.contextFields().get(f), layout.contextVocabulary(f));
        }
    }

    private static void requireRows(Map<String, long[]> shapes, String group, Vocabulary vocabulary) {
        long rows = shapes.get(InterestArchitecture.tableName(group))[0];
        if (rows != vocabulary.size()) {
            throw new IllegalArgumentException("Embedding table '" + InterestArchitecture.tableName(group) + "' has "
                    + rows + " rows but vocabulary '" + vocabulary.name() + "' has " + vocabulary.size() + " entries");
        }
    }

    @Override
    public String toString() {
        return "CtrModel(name=" + name + "," + architecture + ",parameters=" + parameters.parameterCount() + " "
                + parameters.dataType() + ")";
    }
}
