package dev.tribuoctr.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.tribuoctr.ctr.model.CtrModel;
import dev.tribuoctr.featuresel.GatedFieldModel;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Exports trained CTR models to self-contained ONNX files (design §7, docs/design/onnx-contract.md): a {@link CtrModel} (any pooling) or an LPFS
 * {@link GatedFieldModel} (gated or pruned). The file holds the graph, its vocabularies and tables, and in
 * {@code metadata_props} the model's Tribuo provenance (key {@value ONNXExportable#PROVENANCE_METADATA_FIELD}, the
 * format Tribuo's own exports use), the input schema ({@value OnnxSchema#METADATA_KEY}, with each numeric input's
 * transform), a note on what the graph does to numeric inputs ({@value OnnxSchema#NUMERIC_TRANSFORMS_KEY}) and this
 * library's version ({@value OnnxSchema#VERSION_KEY}, also the producer version), and last a CRC32C checksum of
 * each part of the file ({@value OnnxChecksums#KEY}), checked by {@link OnnxModelFile}.
 */
public final class OnnxExporter {
    private static final Logger logger = Logger.getLogger(OnnxExporter.class.getName());
    /** Producer name written into exported files. */
    public static final String PRODUCER = "tribuo-ctr";
    /** ONNX IR version written (the one that goes with opset 13). */
    public static final long IR_VERSION = 7;
    /** ai.onnx.ml opset version written (LabelEncoder with int64 values). */
    public static final int ML_OPSET = 2;

    private OnnxExporter() { }

    /** @return this library's version, as exported files record it */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = OnnxExporter.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the library version", e);
        }
        return properties.getProperty("version", "unknown");
    }

    /**
     * @param model a {@link CtrModel} or {@link GatedFieldModel}
     * @return the ONNX model
     * @throws IllegalArgumentException if the model is of another type
     */
    public static ModelProto export(Model<Label> model) {
        ExportedGraph graph;
        if (model instanceof CtrModel ctr) {
            graph = CtrModelExporter.export(ctr);
        } else if (model instanceof GatedFieldModel field) {
            graph = FieldModelExporter.export(field);
        } else {
            throw new IllegalArgumentException("Model '" + model.getName() + "' of type " + model.getClass().getName()
                    + " cannot be exported: only CtrModel and GatedFieldModel are supported (Tribuo's own models"
                    + " implement ONNXExportable)");
        }
        String version = version();
        return OnnxChecksums.withChecksums(ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .setProducerVersion(version)
                .setDomain("dev.tribuoctr")
                .setModelVersion(1)
                .setDocString(model.toString())
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxOps.OPSET))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(OnnxOps.ML_DOMAIN).setVersion(ML_OPSET))
                .setGraph(graph.graph())
                .addMetadataProps(entry(ONNXExportable.PROVENANCE_METADATA_FIELD,
                        ONNXExportable.SERIALIZER.marshalAndSerialize(model.getProvenance())))
                .addMetadataProps(entry(OnnxSchema.METADATA_KEY, graph.schema().toJson()))
                .addMetadataProps(entry(OnnxSchema.NUMERIC_TRANSFORMS_KEY, graph.schema().numericInputsNote()))
                .addMetadataProps(entry(OnnxSchema.VERSION_KEY, version))
                .build());
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /**
     * Exports a model to a file. The file is written beside its destination first and moved into place, so an
     * existing file is only replaced by a complete export.
     * @param model the model
     * @param file the destination
     * @throws IOException if the file cannot be written
     */
    public static void save(Model<Label> model, Path file) throws IOException {
        ModelProto proto = export(model);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                proto.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        logger.info("Exported '" + model.getName() + "' to " + file + " (" + Files.size(file) + " bytes)");
    }
}
