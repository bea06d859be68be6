package dev.tribuoctr.ctr.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import dev.tribuoctr.ctr.protos.CtrFeatureLayoutProto;
import dev.tribuoctr.ctr.protos.ParameterSnapshotProto;
import dev.tribuoctr.ctr.protos.PartChecksumProto;
import dev.tribuoctr.ctr.protos.VocabularyProto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-part checksums of a saved model's protobuf message, so that any change to a file that would change its
 * predictions (a parameter tensor, a vocabulary string, the item→attribute table, the schema, the architecture, the
 * metadata's label domain, a setting) is refused on load with the name of the damaged part, rather than loading as a
 * different model.
 * <p>
 * A model lists its message's parts ({@link #add}); their CRC32C checksums are stored beside them as
 * {@link PartChecksumProto}s keyed by the part's place in the message (e.g. {@code layout.item_vocabulary}) and
 * recomputed from the parsed message on load ({@link #verify}). The fields a model does not list individually are
 * covered by {@link #addRest}. Files saved before checksums were added have none, and are read with the older
 * per-tensor checks only.
 */
public final class ModelChecksums {
    private final String model;
    private final Map<String, Part> parts = new LinkedHashMap<>();

    private record Part(String description, ByteString bytes) { }

    /** @param model what the file holds, for messages (e.g. "CTR model") */
    public ModelChecksums(String model) {
        this.model = model;
    }

    /**
     * Adds one part.
     * @param key its place in the model's message, stored with its checksum
     * @param description what it is, for the message that names it when damaged (e.g. "parameter tensor 'w1'")
     * @param part its message
     * @return this
     */
    public ModelChecksums add(String key, String description, MessageLite part) {
        return add(key, description, part.toByteString());
    }

    /**
     * Adds one part given as bytes.
     * @param key its place in the model's message
     * @param description what it is, for messages
     * @param bytes its content
     * @return this
     */
    public ModelChecksums add(String key, String description, ByteString bytes) {
        if (parts.put(key, new Part(description, bytes)) != null) {
            throw new IllegalStateException("Model part '" + key + "' listed twice");
        }
        return this;
    }

    /**
     * Adds each parameter tensor as a part (its name, shape, precision and values).
     * @param key the parameters' place in the model's message
     * @param parameters the parameters
     * @return this
     */
    public ModelChecksums addParameters(String key, ParameterSnapshotProto parameters) {
        for (int i = 0; i < parameters.getTensorsCount(); i++) {
            add(key + ".tensors[" + i + "]", "parameter tensor '" + parameters.getTensors(i).getName() + "'",
                    parameters.getTensors(i));
        }
        return add(key, "the parameter list", rest(parameters, "tensors"));
    }

    /**
     * Adds each vocabulary as a part.
     * @param key the vocabularies' place in the model's message
     * @param role the role of their fields, for messages (e.g. "attribute field"), or "field"
     * @param vocabularies the vocabularies
     * @return this
     */
    public ModelChecksums addVocabularies(String key, String role, List<VocabularyProto> vocabularies) {
        for (int i = 0; i < vocabularies.size(); i++) {
            addVocabulary(key + "[" + i + "]", role, vocabularies.get(i));
        }
        return this;
    }

    /**
     * Adds one vocabulary as a part.
     * @param key its place in the model's message
     * @param role the role of its field, for messages
     * @param vocabulary the vocabulary
     * @return this
     */
    public ModelChecksums addVocabulary(String key, String role, VocabularyProto vocabulary) {
        return add(key, "the vocabulary of " + role + " '" + vocabulary.getName() + "'", vocabulary);
    }

    /**
     * Adds a CTR feature layout: its schema, each vocabulary, each column of the item→attribute table, and its
     * field lists.
     * @param key the layout's place in the model's message
     * @param layout the layout
     * @return this
     */
    public ModelChecksums addLayout(String key, CtrFeatureLayoutProto layout) {
        add(key + ".schema", "the feature schema (field roles, history length, minimum count)", layout.getSchema());
        addVocabulary(key + ".item_vocabulary", "item field", layout.getItemVocabulary());
        addVocabularies(key + ".attribute_vocabularies", "attribute field", layout.getAttributeVocabulariesList());
        addVocabularies(key + ".context_vocabularies", "context field", layout.getContextVocabulariesList());
        for (int g = 0; g < layout.getItemAttributesCount(); g++) {
            String field = g < layout.getAttributeVocabulariesCount() ? layout.getAttributeVocabularies(g).getName()
                    : "#" + g;
            add(key + ".item_attributes[" + g + "]", "the item→attribute table of attribute field '" + field + "'",
                    layout.getItemAttributes(g));
        }
        return add(key, "the feature layout's field lists (context, numeric, multi-valued and weighted fields)",
                rest(layout, "schema", "item_vocabulary", "attribute_vocabularies", "context_vocabularies",
                        "item_attributes"));
    }

    /**
     * Adds what remains of a message once the named fields (listed as parts of their own) are left out.
     * @param key the part's key
     * @param description what it is, for messages
     * @param message the message
     * @param covered the names of its fields covered elsewhere (the checksum field among them)
     * @return this
     */
    public ModelChecksums addRest(String key, String description, Message message, String... covered) {
        return add(key, description, rest(message, covered));
    }

    private static Message rest(Message message, String... covered) {
        Message.Builder b = message.toBuilder();
        for (String name : covered) {
            FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
            if (field == null) {
                throw new IllegalStateException(message.getDescriptorForType().getName() + " has no field " + name);
            }
            b.clearField(field);
        }
        return b.build();
    }

    /** @return the checksums to store with the model */
    public List<PartChecksumProto> toProto() {
        List<PartChecksumProto> out = new ArrayList<>(parts.size());
        parts.forEach((key, part) -> out.add(PartChecksumProto.newBuilder().setPart(key)
                .setCrc32C(PackedValues.crc32c(part.bytes())).build()));
        return out;
    }

    /**
     * Checks the parts against the checksums stored with them. A file without checksums (saved before they were
     * added) passes: its older checks apply.
     * @param stored the stored checksums
     * @throws IllegalArgumentException naming the first damaged, missing or unexpected part
     */
    public void verify(List<PartChecksumProto> stored) {
        if (stored.isEmpty()) {
            return;
        }
        Map<String, Integer> expected = new HashMap<>();
        for (PartChecksumProto c : stored) {
            if (expected.put(c.getPart(), c.getCrc32C()) != null) {
                throw damaged("the checksum of part '" + c.getPart() + "' is stored twice");
            }
        }
        for (Map.Entry<String, Part> e : parts.entrySet()) {
            Integer crc = expected.remove(e.getKey());
            String what = e.getValue().description() + " (" + e.getKey() + ")";
            if (crc == null) {
                throw damaged(what + " has no stored checksum");
            }
            if (crc != PackedValues.crc32c(e.getValue().bytes())) {
                throw damaged(what + " fails its CRC32C checksum");
            }
        }
        if (!expected.isEmpty()) {
            throw damaged("part " + expected.keySet().stream().sorted().toList() + " has a stored checksum but is"
                    + " missing from the file");
        }
    }

    /**
     * Finds where a message that fails to parse is damaged, for the error message: the first field, by its place in
     * the message (e.g. {@code layout.item_vocabulary.values[3]}), whose bytes cannot be read as its type (a string
     * that is not UTF-8, a sub-message cut off or malformed).
     * @param type the message's type
     * @param bytes its bytes
     * @return the damaged field's place, or null if none is found
     */
    public static String locateUnreadable(Descriptor type, ByteString bytes) {
        return locate(type, bytes, "");
    }

    private static String locate(Descriptor type, ByteString bytes, String prefix) {
        CodedInputStream in = bytes.newCodedInput();
        Map<Integer, Integer> seen = new HashMap<>();
        String at = prefix.isEmpty() ? "the start" : prefix;
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
                String name = field == null ? "field " + WireFormat.getTagFieldNumber(tag) : field.getName();
                int index = seen.merge(WireFormat.getTagFieldNumber(tag), 1, Integer::sum) - 1;
                at = prefix + name + (field != null && field.isRepeated() ? "[" + index + "]" : "");
                if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    in.skipField(tag);
                    continue;
                }
                ByteString value = in.readBytes();
                if (field != null && field.getType() == FieldDescriptor.Type.STRING && !value.isValidUtf8()) {
                    return at;
                }
                if (field != null && field.getType() == FieldDescriptor.Type.MESSAGE) {
                    String inner = locate(field.getMessageType(), value, at + ".");
                    if (inner != null) {
                        return inner;
                    }
                }
            }
            return null;
        } catch (IOException e) {
            return at; // cut off or malformed here
        }
    }

    private IllegalArgumentException damaged(String problem) {
        return new IllegalArgumentException("The " + model + " file is damaged: " + problem + "; it was changed or"
                + " corrupted after it was saved (restore it from a good copy, or save it again)");
    }
}
