package dev.tribuoctr.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageLite;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.ModelProto;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SHA-256 checksum per part of an exported file, in its metadata ({@value #KEY}): the file's header (IR version,
 * opsets, producer), the graph's inputs and outputs, each node (with its attributes: a {@code LabelEncoder}'s
 * vocabulary is one), each initializer (a weight tensor) and each other metadata entry (provenance, schema, transform
 * note). ONNX Runtime would serve a file whose vocabulary string or weight was changed after export as if it were the
 * model; {@link OnnxModelFile} refuses it instead, naming the part. A file exported before the checksums existed has
 * none and is read as before.
 */
final class OnnxChecksums {
    /** The metadata entry holding the checksums: a JSON object from part name to SHA-256 (hex). */
    static final String KEY = "TRIBUO_CTR_CHECKSUMS";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OnnxChecksums() { }

    /**
     * @param model an exported model without checksums
     * @return the same model with the checksum entry added to its metadata
     */
    static ModelProto withChecksums(ModelProto model) {
        ObjectNode sums = MAPPER.createObjectNode();
        parts(model).forEach((part, bytes) -> sums.put(part, sha256(bytes)));
        return model.toBuilder().addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(KEY)
                .setValue(sums.toString())).build();
    }

    /**
     * @param model a model read from a file
     * @param source the file, for messages
     * @return whether the file carries checksums (all of which match)
     * @throws IOException naming the first part that differs from its checksum, one that is missing or added, or
     *     unreadable checksums
     */
    static boolean verify(ModelProto model, String source) throws IOException {
        String recorded = null;
        for (OnnxMl.StringStringEntryProto p : model.getMetadataPropsList()) {
            if (p.getKey().equals(KEY)) {
                recorded = p.getValue();
            }
        }
        if (recorded == null) {
            return false;
        }
        JsonNode sums;
        try {
            sums = MAPPER.readTree(recorded);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": its " + KEY + " metadata is damaged (" + e.getOriginalMessage() + ")", e);
        }
        Map<String, byte[]> parts = parts(model);
        for (Map.Entry<String, byte[]> part : parts.entrySet()) {
            JsonNode sum = sums.get(part.getKey());
            if (sum == null) {
                throw damaged(source, part.getKey(), "was added after export");
            }
            if (!sum.asText().equals(sha256(part.getValue()))) {
                throw damaged(source, part.getKey(), "fails its SHA-256 checksum");
            }
        }
        for (Iterator<String> names = sums.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!parts.containsKey(name)) {
                throw damaged(source, name, "is missing");
            }
        }
        return true;
    }

    private static IOException damaged(String source, String part, String problem) {
        return new IOException(source + " is damaged: " + part + " " + problem + "; it was changed after export"
                + " (export the model again, or restore the file from a good copy)");
    }

    /** The parts of a model, named as messages say them, each as its serialized bytes. */
    private static Map<String, byte[]> parts(ModelProto model) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        ModelProto.Builder header = model.toBuilder().clearGraph().clearMetadataProps();
        parts.put("the file header (IR version, opsets, producer)", header.build().toByteArray());
        OnnxMl.GraphProto graph = model.getGraph();
        parts.put("the graph's inputs and outputs", graph.toBuilder().clearNode().clearInitializer()
                .build().toByteArray());
        for (int i = 0; i < graph.getNodeCount(); i++) {
            OnnxMl.NodeProto node = graph.getNode(i);
            put(parts, "node " + i + " '" + node.getName() + "' (" + node.getOpType() + ")", node);
        }
        for (OnnxMl.TensorProto tensor : graph.getInitializerList()) {
            put(parts, "weight tensor '" + tensor.getName() + "'", tensor);
        }
        for (OnnxMl.StringStringEntryProto p : model.getMetadataPropsList()) {
            if (!p.getKey().equals(KEY)) {
                put(parts, "metadata " + p.getKey(), p);
            }
        }
        return parts;
    }

    /** A name given twice (two initializers of one name) is numbered, so that each part is checked. */
    private static void put(Map<String, byte[]> parts, String name, MessageLite part) {
        String key = name;
        for (int n = 2; parts.containsKey(key); n++) {
            key = name + " #" + n;
        }
        parts.put(key, part.toByteArray());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
