package dev.tribuoctr.ctr.model;

import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.encoding.CtrEncoder;
import dev.tribuoctr.ctr.encoding.LabelMode;
import dev.tribuoctr.ctr.engine.ParameterSet;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.List;

/**
 * A trained CTR interest model (SPEC §2) as a Tribuo {@code Model<Label>}: it encodes examples with the vocabularies
 * and item→attribute table learned in training, runs the network in batches, and predicts label {@code "1"}
 * (clicked) with the click probability as its score and {@code "0"} with the complement.
 * <p>
 * Parameters are stored as plain arrays in their training precision ({@link ParameterSnapshot}), so a model
 * serializes independently of the ND4J backend and a restored model predicts bit-identically.
 */
public final class CtrModel extends ClickModel {
    private static final long serialVersionUID = 1L;
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

    /** @return a copy of the trained parameters as ND4J tensors */
    public ParameterSet parameters() { return tensors.dup(); }

    @Override
    protected double[] batchProbabilities(List<? extends Example<Label>> examples, int from, int to) {
        CtrBatch batch = encoder.encode(examples, from, to, LabelMode.OPTIONAL);
        return predictor.probabilities(NetworkInput.of(batch, tensors.dataType()));
    }

    @Override
    protected CtrModel copy(String newName, ModelProvenance newProvenance) {
        return new CtrModel(newName, newProvenance, featureIDMap, outputIDInfo, architecture, encoder,
                ParameterSnapshot.of(tensors));
    }

    @Override
    public String toString() {
        return "CtrModel(name=" + name + "," + architecture + ",parameters=" + parameters.parameterCount() + " "
                + parameters.dataType() + ")";
    }
}
