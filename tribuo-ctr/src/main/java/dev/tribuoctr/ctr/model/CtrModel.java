package dev.tribuoctr.ctr.model;

import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.tribuoctr.ctr.encoding.CtrBatch;
import dev.tribuoctr.ctr.encoding.CtrEncoder;
import dev.tribuoctr.ctr.encoding.LabelMode;
import dev.tribuoctr.ctr.engine.ParameterSet;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trained CTR interest model (SPEC §2) as a Tribuo {@code Model<Label>}: it encodes examples with the vocabularies
 * and item→attribute table learned in training, runs the network in batches, and predicts label {@code "1"}
 * (clicked) with the click probability as its score and {@code "0"} with the complement.
 * <p>
 * Parameters are stored as plain arrays in their training precision ({@link ParameterSnapshot}), so a model
 * serializes independently of the ND4J backend and a restored model predicts bit-identically.
 */
public final class CtrModel extends Model<Label> {
    private static final long serialVersionUID = 1L;
    /** Label of a click. */
    public static final String CLICK = ClickPredictions.CLICK;
    /** Label of no click. */
    public static final String NO_CLICK = ClickPredictions.NO_CLICK;
    /** Examples per network call when predicting. */
    public static final int PREDICTION_BATCH = 1024;

    private final InterestArchitecture architecture;
    private final CtrEncoder encoder;
    private final ParameterSnapshot parameters;
    private transient ParameterSet tensors;
    private transient InterestNetwork network;

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
        super(name, provenance, featureIDMap, outputIDInfo, true);
        this.architecture = architecture;
        this.encoder = encoder;
        this.parameters = parameters;
        init();
    }

    private void init() {
        this.tensors = parameters.toParameterSet();
        this.network = new InterestNetwork(architecture);
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

    /**
     * Click probabilities for a list of examples, computed in batches.
     * @param examples examples (labels are ignored)
     * @return one probability per example
     */
    public double[] clickProbabilities(List<? extends Example<Label>> examples) {
        double[] out = new double[examples.size()];
        for (int from = 0; from < examples.size(); from += PREDICTION_BATCH) {
            int to = Math.min(examples.size(), from + PREDICTION_BATCH);
            CtrBatch batch = encoder.encode(examples, from, to, LabelMode.OPTIONAL);
            double[] p = network.probabilities(tensors, NetworkInput.of(batch, tensors.dataType()));
            System.arraycopy(p, 0, out, from, p.length);
        }
        return out;
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        return innerPredict(Collections.singletonList(example)).get(0);
    }

    @Override
    protected List<Prediction<Label>> innerPredict(Iterable<Example<Label>> examples) {
        List<Example<Label>> list = new ArrayList<>();
        examples.forEach(list::add);
        return ClickPredictions.of(list, clickProbabilities(list));
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
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
