package dev.tribuoctr.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribuoctr.ctr.model.ModelChecksums;
import dev.tribuoctr.ctr.protos.PartChecksumProto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The per-part checksums of an exported file ({@link ModelChecksums}, as the saved Tribuo models have them), kept in
 * its metadata ({@value #KEY}, a JSON object from part to CRC32C): the file's header (IR version, opsets, producer),
 * the graph's inputs and outputs, each node (with its attributes: a {@code LabelEncoder}'s vocabulary is one), each
 * initializer (a weight tensor) and each other metadata entry (provenance, schema, transform note). ONNX Runtime
 * would serve a file whose vocabulary string or weight was changed after export as if it were the model;
 * {@link OnnxModelFile} refuses it instead, naming the part. A file exported before the checksums existed has none
 * and is read as before.
 */
final class OnnxChecksums {
    /** The metadata entry holding the checksums. */
    static final String KEY = "TRIBUO_CTR_CHECKSUMS";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OnnxChecksums() { }

    /**
     * @param model an exported model without checksums
     * @return the same model with the checksum entry added to its metadata
     */
    static ModelProto withChecksums(ModelProto model) {
        ObjectNode sums = MAPPER.createObjectNode();
        for (PartChecksumProto c : parts(model, "exported ONNX model").toProto()) {
            sums.put(c.getPart(), c.getCrc32C());
        }
        return model.toBuilder().addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(KEY)
                .setValue(sums.toString())).build();
    }

    /**
     * @param model a model read from a file
     * @param source the file, for messages
     * @throws IOException naming the file and the first part that differs from its checksum, is missing or was
     *     added, or unreadable checksums
     */
    static void verify(ModelProto model, String source) throws IOException {
        String recorded = null;
        for (OnnxMl.StringStringEntryProto p : model.getMetadataPropsList()) {
            if (p.getKey().equals(KEY)) {
                recorded = p.getValue();
            }
        }
        if (recorded == null) {
            return;
        }
        List<PartChecksumProto> stored = new ArrayList<>();
        try {
            JsonNode sums = MAPPER.readTree(recorded);
            for (Iterator<Map.Entry<String, JsonNode>> it = sums.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().canConvertToInt()) {
                    throw new IOException(source + ": its " + KEY + " metadata is damaged (part '" + e.getKey()
                            + "' has no 32-bit checksum)");
                }
                stored.add(PartChecksumProto.newBuilder().setPart(e.getKey()).setCrc32C(e.getValue().intValue())
                        .build());
            }
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": its " + KEY + " metadata is damaged (" + e.getOriginalMessage() + ")", e);
        }
        if (stored.isEmpty()) {
            throw new IOException(source + ": its " + KEY + " metadata lists no part");
        }
        try {
            parts(model, "exported ONNX model " + source).verify(stored);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The parts of a model, keyed by their place in the file and described as messages say them. */
    private static ModelChecksums parts(ModelProto model, String name) {
        ModelChecksums parts = new ModelChecksums(name);
        parts.add("header", "the file header (IR version, opsets, producer)",
                model.toBuilder().clearGraph().clearMetadataProps().build());
        OnnxMl.GraphProto graph = model.getGraph();
        parts.add("graph", "the graph's inputs and outputs", graph.toBuilder().clearNode().clearInitializer().build());
        for (int i = 0; i < graph.getNodeCount(); i++) {
            OnnxMl.NodeProto node = graph.getNode(i);
            parts.add("node[" + i + "]", "node " + i + " '" + node.getName() + "' (" + node.getOpType() + ")", node);
        }
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            OnnxMl.TensorProto tensor = graph.getInitializer(i);
            parts.add("initializer[" + i + "]", "weight tensor '" + tensor.getName() + "'", tensor);
        }
        for (int i = 0; i < model.getMetadataPropsCount(); i++) {
            OnnxMl.StringStringEntryProto p = model.getMetadataProps(i);
            if (!p.getKey().equals(KEY)) {
                parts.add("metadata[" + i + "]", "metadata " + p.getKey(), p);
            }
        }
        return parts;
    }
}
