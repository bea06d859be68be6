package dev.tribuoctr.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ONNX operators the CTR graphs need beyond Tribuo's {@code ONNXOperators}: default-domain operators at opset 13 and
 * the ONNX-ML {@code LabelEncoder} (ai.onnx.ml opset 2) that holds the vocabularies.
 */
public enum OnnxOps implements ONNXOperator {
    /** Matrix product with numpy broadcasting ([B,T,K]·[K,H] → [B,T,H]). */
    MATMUL("MatMul", 2, 0),
    /** Slice of a tensor: data, starts, ends, axes (optional steps omitted). */
    SLICE("Slice", 3, 2),
    /** Removes size-1 axes given as the second input. */
    SQUEEZE("Squeeze", 1, 1),
    /** Maximum over the given axes (opset 13 takes them as an attribute). */
    REDUCE_MAX("ReduceMax", 1, 0, List.of(
            new ONNXAttribute("axes", AttributeType.INTS, false),
            new ONNXAttribute("keepdims", AttributeType.INT, false))),
    /** Element-wise exponential. */
    EXP("Exp", 1, 0),
    /** Element-wise natural logarithm. */
    LOG("Log", 1, 0),
    /** Element-wise rectified linear unit. */
    RELU("Relu", 1, 0),
    /** Element-wise equality, a bool tensor. */
    EQUAL("Equal", 2, 0),
    /** Element-wise maximum of its inputs. */
    MAX("Max", 2, 0),
    /** Maps strings to int64 vocabulary indices; unknown strings map to {@code default_int64}. */
    LABEL_ENCODER("LabelEncoder", 1, 0, List.of(
            new ONNXAttribute("keys_strings", AttributeType.STRINGS, true),
            new ONNXAttribute("values_int64s", AttributeType.INTS, true),
            new ONNXAttribute("default_int64", AttributeType.INT, true)), OnnxOps.ML_DOMAIN, 2);

    /** The ONNX-ML operator domain. */
    public static final String ML_DOMAIN = "ai.onnx.ml";
    /** The default-domain opset the graphs are written for. */
    public static final int OPSET = 13;

    private final String opName;
    private final int inputs;
    private final int optionalInputs;
    private final Map<String, ONNXAttribute> attributes;
    private final String domain;
    private final int version;

    OnnxOps(String opName, int inputs, int optionalInputs) {
        this(opName, inputs, optionalInputs, List.of());
    }

    OnnxOps(String opName, int inputs, int optionalInputs, List<ONNXAttribute> attributes) {
        this(opName, inputs, optionalInputs, attributes, null, OPSET);
    }

    OnnxOps(String opName, int inputs, int optionalInputs, List<ONNXAttribute> attributes, String domain, int version) {
        this.opName = opName;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        Map<String, ONNXAttribute> byName = new LinkedHashMap<>();
        for (ONNXAttribute a : attributes) {
            byName.put(a.getName(), a);
        }
        this.attributes = Collections.unmodifiableMap(byName);
        this.domain = domain;
        this.version = version;
    }

    @Override
    public String getOpName() { return opName; }

    @Override
    public int getNumInputs() { return inputs; }

    @Override
    public int getNumOptionalInputs() { return optionalInputs; }

    @Override
    public int getNumOutputs() { return 1; }

    @Override
    public Map<String, ONNXAttribute> getAttributes() { return attributes; }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return attributes.values().stream().filter(ONNXAttribute::isMandatory).map(ONNXAttribute::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int getOpVersion() { return version; }

    @Override
    public String getOpDomain() { return domain; }
}
