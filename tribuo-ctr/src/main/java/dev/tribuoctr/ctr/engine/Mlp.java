package dev.tribuoctr.ctr.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of dense layers with sigmoid or ReLU hidden units and a linear output, named {@code prefix + "w" + l}
 * and {@code prefix + "b" + l} (l = 1…L): both MLPs of SPEC §2 (sigmoid) and the LPFS field model (ReLU). The first layer's pre-activation is
 * supplied by the caller, so a caller may compute it in a cheaper, equivalent form (the feature selector does);
 * backward likewise stops at the gradient of that pre-activation.
 */
public final class Mlp {
    /** Hidden-unit activation. */
    public enum Activation {
        /** Logistic sigmoid, the Meta-Wrapper paper's choice. */
        SIGMOID,
        /** Rectified linear units, the DLRM-style choice of the LPFS field model. */
        RELU
    }

    private final String prefix;
    private final int layers;
    private final Activation activation;

    /**
     * @param prefix parameter name prefix, e.g. {@code "pred."}
     * @param layers number of dense layers L (hidden layers + the output layer), at least 2
     * @param activation hidden-unit activation
     */
    public Mlp(String prefix, int layers, Activation activation) {
        if (layers < 2) {
            throw new IllegalArgumentException("An Mlp needs at least one hidden layer, got " + (layers - 1));
        }
        this.prefix = prefix;
        this.layers = layers;
        this.activation = activation;
    }

    private INDArray activate(INDArray pre) {
        return activation == Activation.SIGMOID ? Transforms.sigmoid(pre, false) : Transforms.relu(pre, false);
    }

    private INDArray activationDerivative(INDArray z) {
        return activation == Activation.SIGMOID ? Tensors.sigmoidDerivative(z) : z.gt(0.0).castTo(z.dataType());
    }

    /** @param l layer (1-based) @return the weight name */
    public String weight(int l) { return prefix + "w" + l; }

    /** @param l layer (1-based) @return the bias name */
    public String bias(int l) { return prefix + "b" + l; }

    /**
     * Forward pass from the first layer's pre-activation (bias not yet added).
     * @param firstPre the first layer's pre-activation without bias, [n, H1]; consumed (modified in place)
     * @param params parameters holding this stack's weights
     * @return activations for {@link #backward}; {@link Activations#output()} is [n, 1]
     */
    public Activations forward(INDArray firstPre, ParameterSet params) {
        List<INDArray> hidden = new ArrayList<>(layers - 1);
        INDArray z = activate(firstPre.addiRowVector(params.get(bias(1))));
        hidden.add(z);
        for (int l = 2; l < layers; l++) {
            z = activate(Tensors.mm(z, params.get(weight(l)), false, false).addiRowVector(params.get(bias(l))));
            hidden.add(z);
        }
        INDArray out = Tensors.mm(z, params.get(weight(layers)), false, false).addiRowVector(params.get(bias(layers)));
        return new Activations(hidden, out);
    }

    /**
     * Backward pass down to the first layer's pre-activation.
     * @param dOut gradient of the loss w.r.t. the output, [n, 1]
     * @param acts the forward activations
     * @param params parameters
     * @param grads where weight and bias gradients of layers 2…L go; null to skip them
     * @return the gradient w.r.t. the first layer's pre-activation, [n, H1] (its bias gradient is its column sum)
     */
    public INDArray backward(INDArray dOut, Activations acts, ParameterSet params, ParameterSet grads) {
        INDArray dPre = dOut;
        for (int l = layers; l >= 2; l--) {
            INDArray input = acts.hidden.get(l - 2);
            if (grads != null) {
                grads.put(weight(l), Tensors.mm(input, dPre, true, false));
                grads.put(bias(l), dPre.sum(true, 0));
            }
            INDArray dz = Tensors.mm(dPre, params.get(weight(l)), false, true);
            dPre = dz.muli(activationDerivative(input));
        }
        return dPre;
    }

    /** Activations of one forward pass. */
    public static final class Activations {
        private final List<INDArray> hidden;
        private final INDArray output;

        Activations(List<INDArray> hidden, INDArray output) {
            this.hidden = hidden;
            this.output = output;
        }

        /** @return the output layer's value, [n, 1] */
        public INDArray output() { return output; }
    }
}
