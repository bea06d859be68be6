package dev.tribuoctr.ctr.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of dense layers with sigmoid or ReLU hidden units and a linear output, named {@code prefix + "w" + l}
 * and {@code prefix + "b" + l} (l = 1…L): both MLPs of the interest model (sigmoid; design §2, docs/design/interest-model.md) and the LPFS field model (ReLU). The first layer's pre-activation is
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
     * Forward pass from the first layer's pre-activation (bias not yet added), without dropout.
     * @param firstPre the first layer's pre-activation without bias, [n, H1]; consumed (modified in place)
     * @param params parameters holding this stack's weights
     * @return activations for {@link #backward}; {@link Activations#output()} is [n, 1]
     */
    public Activations forward(INDArray firstPre, ParameterSet params) {
        return forward(firstPre, params, null);
    }

    /**
     * Forward pass with inverted dropout on the hidden units (training only).
     * @param firstPre the first layer's pre-activation without bias, [n, H1]; consumed (modified in place)
     * @param params parameters holding this stack's weights
     * @param dropout draws the masks, or null for none
     * @return activations for {@link #backward}
     */
    public Activations forward(INDArray firstPre, ParameterSet params, Dropout dropout) {
        List<INDArray> hidden = new ArrayList<>(layers - 1);
        List<INDArray> masks = new ArrayList<>(layers - 1);
        INDArray z = activate(firstPre.addiRowVector(params.get(bias(1))));
        for (int l = 2; l <= layers; l++) {
            hidden.add(z);
            INDArray mask = dropout == null ? null : dropout.mask(z);
            masks.add(mask);
            INDArray input = mask == null ? z : z.mul(mask);
            INDArray pre = Tensors.mm(input, params.get(weight(l)), false, false).addiRowVector(params.get(bias(l)));
            z = l < layers ? activate(pre) : pre;
        }
        return new Activations(hidden, masks, z);
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
            INDArray z = acts.hidden.get(l - 2);
            INDArray mask = acts.masks.get(l - 2);
            if (grads != null) {
                grads.put(weight(l), Tensors.mm(mask == null ? z : z.mul(mask), dPre, true, false));
                grads.put(bias(l), dPre.sum(true, 0));
            }
            INDArray dz = Tensors.mm(dPre, params.get(weight(l)), false, true);
            if (mask != null) {
                dz.muli(mask);
            }
            dPre = dz.muli(activationDerivative(z));
        }
        return dPre;
    }

    /** Activations of one forward pass. */
    public static final class Activations {
        private final List<INDArray> hidden;
        private final List<INDArray> masks;
        private final INDArray output;

        Activations(List<INDArray> hidden, List<INDArray> masks, INDArray output) {
            this.hidden = hidden;
            this.masks = masks;
            this.output = output;
        }

        /** @return the output layer's value, [n, 1] */
        public INDArray output() { return output; }
    }
}
