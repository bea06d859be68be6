package dev.tribuoctr.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.tribuoctr.ctr.encoding.NumericTransform;
import dev.tribuoctr.ctr.encoding.Vocabulary;
import dev.tribuoctr.ctr.engine.Mlp;
import dev.tribuoctr.ctr.engine.ParameterSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one CTR graph on Tribuo's {@link ONNXContext}: typed string and float inputs with dynamic dimensions (the
 * context itself only declares float [B, n] inputs, so the declarations are rewritten at {@link #build}), constants,
 * the operators the exporters use, and the MLP stacks of the engine. One writer per graph.
 */
final class GraphWriter {
    /** Name of the dynamic batch dimension. */
    static final String BATCH = "batch";

    private final ONNXContext context = new ONNXContext();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final Set<String> inputNames = new HashSet<>();
    private final Map<String, ONNXInitializer> longConstants = new HashMap<>();
    private final Map<Double, ONNXInitializer> doubleConstants = new HashMap<>();

    /**
     * Declares a string input.
     * @param name input name
     * @param rank 1 ([B]) or 2 ([B, L])
     * @param lengthName name of the second, dynamic dimension (rank 2)
     * @return the input
     */
    ONNXPlaceholder stringInput(String name, int rank, String lengthName) {
        return input(name, rank, lengthName, TensorProto.DataType.STRING);
    }

    /**
     * Declares a float input.
     * @param name input name
     * @param rank 1 ([B]) or 2 ([B, L])
     * @param lengthName name of the second, dynamic dimension (rank 2)
     * @return the input
     */
    ONNXPlaceholder floatInput(String name, int rank, String lengthName) {
        return input(name, rank, lengthName, TensorProto.DataType.FLOAT);
    }

    private ONNXPlaceholder input(String name, int rank, String lengthName, TensorProto.DataType type) {
        if (!inputNames.add(name)) {
            throw new IllegalArgumentException("Two inputs of the exported graph would be named '" + name
                    + "' (a field name clashes with another field or with 'item'/'history'); rename the field");
        }
        List<String> dims = rank == 1 ? List.of(BATCH) : List.of(BATCH, lengthName);
        inputs.add(valueInfo(name, type, dims));
        return context.floatInput(name, 1); // a named reference; its declaration is replaced in build()
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, List<String> dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (String d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(d));
        }
        OnnxMl.TypeProto.Tensor tensor = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber())
                .setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    /**
     * @param name base name
     * @param values a matrix (any float type; written as float32)
     * @return a float initializer of the matrix's shape
     */
    ONNXInitializer floatTensor(String name, INDArray values) {
        float[] data = values.castTo(DataType.FLOAT).dup('c').data().asFloat();
        List<Integer> dims = new ArrayList<>();
        for (long d : values.shape()) {
            dims.add(Math.toIntExact(d));
        }
        return context.floatTensor(name, dims, buffer -> buffer.put(data));
    }

    /** @param name base name @param values int32 values @return a 1-D int32 initializer */
    ONNXInitializer ints(String name, int[] values) {
        return context.array(name, values);
    }

    /** @param value a float @return a scalar float constant */
    ONNXInitializer scalar(float value) {
        return context.constant("const", value);
    }

    /** @param value a double @return a shared double constant of shape [1] */
    ONNXInitializer doubleConstant(double value) {
        return doubleConstants.computeIfAbsent(value, v -> context.array("f64", new double[]{v}, false));
    }

    /** @param values int64 values @return a shared 1-D int64 constant (axes, slice bounds) */
    ONNXInitializer longs(long... values) {
        return longConstants.computeIfAbsent(Arrays.toString(values), k -> context.array("i64", values));
    }

    /**
     * @param op operator
     * @param attributes its attributes
     * @param in its inputs
     * @return its output
     */
    ONNXRef<?> op(ONNXOperator op, Map<String, Object> attributes, ONNXRef<?>... in) {
        return context.operation(op, Arrays.asList(in), op.getOpName().toLowerCase(), attributes);
    }

    /** @param op operator @param in inputs @return its output */
    ONNXRef<?> op(ONNXOperator op, ONNXRef<?>... in) {
        return op(op, Map.of(), in);
    }

    ONNXRef<?> add(ONNXRef<?> a, ONNXRef<?> b) { return op(ONNXOperators.ADD, a, b); }

    ONNXRef<?> sub(ONNXRef<?> a, ONNXRef<?> b) { return op(ONNXOperators.SUB, a, b); }

    ONNXRef<?> mul(ONNXRef<?> a, ONNXRef<?> b) { return op(ONNXOperators.MUL, a, b); }

    ONNXRef<?> matmul(ONNXRef<?> a, ONNXRef<?> b) { return op(OnnxOps.MATMUL, a, b); }

    ONNXRef<?> gather(ONNXRef<?> table, ONNXRef<?> indices) {
        return op(ONNXOperators.GATHER, Map.of("axis", 0), table, indices);
    }

    ONNXRef<?> unsqueeze(ONNXRef<?> x, long axis) { return op(ONNXOperators.UNSQUEEZE, x, longs(axis)); }

    ONNXRef<?> squeeze(ONNXRef<?> x, long axis) { return op(OnnxOps.SQUEEZE, x, longs(axis)); }

    ONNXRef<?> reduceSum(ONNXRef<?> x, long axis, boolean keepDims) {
        return op(ONNXOperators.REDUCE_SUM, Map.of("keepdims", keepDims ? 1 : 0), x, longs(axis));
    }

    ONNXRef<?> reduceMax(ONNXRef<?> x, int axis, boolean keepDims) {
        return op(OnnxOps.REDUCE_MAX, Map.of("axes", new int[]{axis}, "keepdims", keepDims ? 1 : 0), x);
    }

    /** Elements {@code [start, end)} of one axis; {@code end} beyond the size is clamped, as ONNX Slice does. */
    ONNXRef<?> slice(ONNXRef<?> x, long start, long end, long axis) {
        return op(OnnxOps.SLICE, x, longs(start), longs(end), longs(axis));
    }

    ONNXRef<?> concat(long axis, List<ONNXRef<?>> parts) {
        return context.operation(ONNXOperators.CONCAT, parts, "concat", Map.of("axis", (int) axis));
    }

    /** Casts to float32. */
    ONNXRef<?> toFloat(ONNXRef<?> x) {
        return op(ONNXOperators.CAST, Map.of("to", TensorProto.DataType.FLOAT.getNumber()), x);
    }

    /**
     * Applies a data source's numeric transform to raw values, as the source did before training: identity adds no
     * node; {@code log(1 + max(x, 0))} is {@code Cast(double) → Max(·, 0) → Add(·, 1) → Log → Cast(float)}, in
     * double so that the result rounds to the float the source's {@code Math.log1p} gives.
     * @param raw a float tensor of raw values
     * @param transform the transform
     * @return the transformed float tensor, same shape
     */
    ONNXRef<?> numericTransform(ONNXRef<?> raw, NumericTransform transform) {
        switch (transform) {
            case IDENTITY:
                return raw;
            case LOG1P_POSITIVE: {
                ONNXRef<?> x = op(ONNXOperators.CAST, Map.of("to", TensorProto.DataType.DOUBLE.getNumber()), raw);
                ONNXRef<?> positive = op(OnnxOps.MAX, x, doubleConstant(0.0));
                return toFloat(op(OnnxOps.LOG, add(positive, doubleConstant(1.0))));
            }
            default:
                throw new IllegalArgumentException("No ONNX form for numeric transform " + transform);
        }
    }

    /**
     * Looks strings up in a vocabulary: its values map to their indices, unknown strings to OOV, and, when
     * {@code emptyIsPadding}, the empty string to the padding index 0.
     * @param strings a string tensor
     * @param vocabulary the vocabulary
     * @param emptyIsPadding whether "" means padding (else it is unknown, hence OOV)
     * @return the int64 indices, same shape
     */
    ONNXRef<?> lookUp(ONNXRef<?> strings, Vocabulary vocabulary, boolean emptyIsPadding) {
        List<String> values = vocabulary.values();
        int n = values.size() + 1;
        String[] keys = new String[n];
        int[] indices = new int[n];
        for (int i = 0; i < values.size(); i++) {
            keys[i] = values.get(i);
            indices[i] = Vocabulary.FIRST_VALUE + i;
        }
        // "" is always a key (feature values are never empty), so that even an empty vocabulary gives a valid node.
        keys[n - 1] = "";
        indices[n - 1] = emptyIsPadding ? Vocabulary.PADDING : Vocabulary.OOV;
        // default_int64 must be OOV: ONNX's default -1 would make Gather read the table's last row.
        return op(OnnxOps.LABEL_ENCODER, Map.of("keys_strings", keys, "values_int64s", indices,
                "default_int64", Vocabulary.OOV), strings);
    }

    /**
     * The engine's {@link Mlp} from its first layer's pre-activation (without bias): hidden layers with the given
     * activation, a linear output of width 1.
     * @param firstPre the first layer's pre-activation, [..., H1]
     * @param params parameters holding {@code prefix + "w" + l} and {@code prefix + "b" + l}
     * @param prefix parameter prefix
     * @param layers number of dense layers (hidden + output)
     * @param activation hidden activation
     * @return the output, [..., 1]
     */
    ONNXRef<?> mlp(ONNXRef<?> firstPre, ParameterSet params, String prefix, int layers, Mlp.Activation activation) {
        ONNXRef<?> z = activate(add(firstPre, floatTensor(prefix + "b1", params.get(prefix + "b1"))), activation);
        for (int l = 2; l <= layers; l++) {
            ONNXRef<?> pre = add(matmul(z, floatTensor(prefix + "w" + l, params.get(prefix + "w" + l))),
                    floatTensor(prefix + "b" + l, params.get(prefix + "b" + l)));
            z = l < layers ? activate(pre, activation) : pre;
        }
        return z;
    }

    private ONNXRef<?> activate(ONNXRef<?> x, Mlp.Activation activation) {
        return op(activation == Mlp.Activation.SIGMOID ? ONNXOperators.SIGMOID : OnnxOps.RELU, x);
    }

    /**
     * Finishes the graph: the click probability {@code ctr} [B] as the output and the typed inputs.
     * @param logits the logits, [B, 1]
     * @param name the graph's name
     * @return the graph
     */
    GraphProto build(ONNXRef<?> logits, String name) {
        ONNXRef<?> probabilities = squeeze(op(ONNXOperators.SIGMOID, logits), 1);
        ONNXPlaceholder output = context.floatOutput(OnnxSchema.OUTPUT, 1);
        context.assignTo(probabilities, output);
        context.setName(name);
        return context.buildGraph().toBuilder()
                .clearInput().addAllInput(inputs)
                .clearOutput().addOutput(valueInfo(OnnxSchema.OUTPUT, TensorProto.DataType.FLOAT, List.of(BATCH)))
                .build();
    }
}
