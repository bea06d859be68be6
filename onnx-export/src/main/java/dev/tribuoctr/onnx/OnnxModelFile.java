package dev.tribuoctr.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException;
import org.tribuo.ONNXExportable;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An exported file read back and checked: the ONNX model, its schema, its Tribuo provenance and the vocabulary of
 * each string input. A file that is not ONNX, was not written by this library, whose metadata does not match its
 * graph, or one of whose parts no longer matches its checksum ({@link OnnxChecksums}) is rejected with an error naming
 * the file, the part and the problem.
 */
public final class OnnxModelFile {
    private final String source;
    private final byte[] bytes;
    private final ModelProto proto;
    private final OnnxSchema schema;
    private final ModelProvenance provenance;

    private OnnxModelFile(String source, byte[] bytes) throws IOException {
        this.source = source;
        this.bytes = bytes;
        try {
            this.proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(source + " is not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        OnnxChecksums.verify(proto, source);
        Map<String, String> metadata = new HashMap<>();
        for (OnnxMl.StringStringEntryProto p : proto.getMetadataPropsList()) {
            metadata.put(p.getKey(), p.getValue());
        }
        String schemaJson = metadata.get(OnnxSchema.METADATA_KEY);
        if (!proto.hasGraph() || schemaJson == null) {
            throw new IOException(source + " is not a model exported by " + OnnxExporter.PRODUCER + " (producer '"
                    + proto.getProducerName() + "', no " + OnnxSchema.METADATA_KEY + " metadata); export the model"
                    + " with OnnxExporter or the 'export' command");
        }
        try {
            this.schema = OnnxSchema.fromJson(schemaJson);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
        Set<String> graphInputs = proto.getGraph().getInputList().stream().map(OnnxMl.ValueInfoProto::getName)
                .collect(Collectors.toSet());
        Set<String> schemaInputs = schema.inputs().stream().map(OnnxInput::name).collect(Collectors.toSet());
        if (!graphInputs.equals(schemaInputs)) {
            throw new IOException(source + ": the schema metadata lists inputs " + schemaInputs + " but the graph has "
                    + graphInputs + "; the file was altered after export");
        }
        for (OnnxInput input : schema.inputs()) {
            try {
                input.numericTransform(source);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        String provenanceText = metadata.get(ONNXExportable.PROVENANCE_METADATA_FIELD);
        if (provenanceText == null) {
            throw new IOException(source + " has no " + ONNXExportable.PROVENANCE_METADATA_FIELD + " metadata");
        }
        try {
            ObjectProvenance p = ONNXExportable.SERIALIZER.deserializeAndUnmarshal(provenanceText);
            if (!(p instanceof ModelProvenance)) {
                throw new IOException(source + ": its provenance is a " + p.getClass().getSimpleName()
                        + ", not a model provenance");
            }
            this.provenance = (ModelProvenance) p;
        } catch (ProvenanceSerializationException | RuntimeException e) {
            throw new IOException(source + ": unreadable " + ONNXExportable.PROVENANCE_METADATA_FIELD + " metadata ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * @param file an exported file
     * @return the file, checked
     * @throws IOException if it cannot be read or is not an export of this library
     */
    public static OnnxModelFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("ONNX model file " + file + " does not exist or is not a file");
        }
        return new OnnxModelFile(file.toString(), Files.readAllBytes(file));
    }

    /**
     * @param source a name for messages
     * @param bytes the serialized model
     * @return the model, checked
     * @throws IOException if it is not an export of this library
     */
    public static OnnxModelFile of(String source, byte[] bytes) throws IOException {
        return new OnnxModelFile(source, bytes.clone());
    }

    /** @return where the model came from (for messages) */
    public String source() { return source; }

    /** @return a copy of the serialized model */
    public byte[] bytes() { return bytes.clone(); }

    /** @return the parsed model */
    public ModelProto proto() { return proto; }

    /** @return the input schema */
    public OnnxSchema schema() { return schema; }

    /** @return the Tribuo provenance of the exported model */
    public ModelProvenance provenance() { return provenance; }

    /**
     * @param input a string input
     * @return the vocabulary values its lookup knows (padding "" excluded), in index order
     */
    public List<String> vocabulary(OnnxInput input) {
        for (OnnxMl.NodeProto node : proto.getGraph().getNodeList()) {
            if (node.getOutputList().contains(input.vocabularyNode())) {
                List<String> values = new ArrayList<>();
                for (OnnxMl.AttributeProto a : node.getAttributeList()) {
                    if (a.getName().equals("keys_strings")) {
                        for (ByteString s : a.getStringsList()) {
                            String value = s.toStringUtf8();
                            if (!value.isEmpty()) {
                                values.add(value);
                            }
                        }
                    }
                }
                return values;
            }
        }
        throw new IllegalStateException(source + ": no lookup node '" + input.vocabularyNode() + "' for input '"
                + input.name() + "'");
    }
}
