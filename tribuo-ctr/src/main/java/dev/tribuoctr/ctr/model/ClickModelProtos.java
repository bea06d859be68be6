package dev.tribuoctr.ctr.model;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;

import java.util.List;

/**
 * What every click model's protobuf form shares: the {@link ModelProto} envelope Tribuo's
 * {@code Model.deserialize} dispatches on, the checks a model class's {@code deserializeFromProto} makes before it
 * reads its own message (version, class name, message type), and the model metadata (name, provenance, output
 * domain, Tribuo version) in Tribuo's {@link ModelDataProto}.
 * <p>
 * A model whose feature map is rebuilt from its vocabularies on load passes {@code storeFeatureMap = false}: the
 * metadata then holds an empty feature domain, so that the vocabularies are stored once.
 */
public final class ClickModelProtos {
    private ClickModelProtos() { }

    /**
     * @param type the model class (its name is the envelope's class name)
     * @param version the model class's protobuf format version
     * @param data the model's own message
     * @return the envelope
     */
    public static ModelProto envelope(Class<? extends ClickModel> type, int version, Message data) {
        return ModelProto.newBuilder().setVersion(version).setClassName(type.getName())
                .setSerializedData(Any.pack(data)).build();
    }

    /**
     * @param model a model
     * @param storeFeatureMap whether to store its feature map, or an empty one because the loader rebuilds it
     * @return its metadata
     */
    public static ModelDataProto metadata(ClickModel model, boolean storeFeatureMap) {
        ImmutableFeatureMap features = storeFeatureMap ? model.getFeatureIDMap() : new ImmutableFeatureMap(List.of());
        return new ModelDataCarrier<>(model.getName(), model.getProvenance(), features, model.getOutputIDInfo(),
                model.generatesProbabilities(), Tribuo.VERSION).serialize();
    }

    /**
     * Checks a {@code deserializeFromProto} call and unpacks the model's message.
     * @param version the format version read
     * @param className the class name read
     * @param message the packed message
     * @param type the model class reading it
     * @param currentVersion the newest format version the class reads
     * @param dataClass the class of the model's message
     * @param <M> the model's message type
     * @return the model's message
     * @throws IllegalArgumentException if the version is unknown, the class name is not the reader's, or the message
     *                                  is of another type or unreadable
     */
    public static <M extends Message> M unpack(int version, String className, Any message,
                                               Class<? extends ClickModel> type, int currentVersion,
                                               Class<M> dataClass) {
        if (version < 0 || version > currentVersion) {
            throw new IllegalArgumentException("Unknown " + type.getSimpleName() + " format version " + version
                    + ": this library reads versions 0 to " + currentVersion + " (was the model saved by a newer"
                    + " version of tribuo-ctr?)");
        }
        if (!type.getName().equals(className)) {
            throw new IllegalArgumentException(type.getName() + " cannot read a model of class " + className);
        }
        if (!message.is(dataClass)) {
            throw new IllegalArgumentException(type.getSimpleName() + " expects a " + dataClass.getSimpleName()
                    + ", found " + message.getTypeUrl());
        }
        try {
            return message.unpack(dataClass);
        } catch (InvalidProtocolBufferException e) {
            String part = ModelChecksums.locateUnreadable(
                    com.google.protobuf.Internal.getDefaultInstance(dataClass).getDescriptorForType(),
                    message.getValue());
            throw new IllegalArgumentException("Unreadable " + dataClass.getSimpleName() + ": " + e.getMessage()
                    + (part == null ? "" : " (the damaged part is " + part + ")")
                    + "; the model file is damaged or cut off", e);
        }
    }

    /**
     * Reads a click model's metadata.
     * @param proto the metadata
     * @return it, with a label output domain
     * @throws IllegalArgumentException if the output domain is not of labels
     */
    @SuppressWarnings("unchecked")
    public static ModelDataCarrier<Label> readMetadata(ModelDataProto proto) {
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(proto);
        for (Pair<Integer, ?> entry : carrier.outputDomain()) {
            if (!(entry.getB() instanceof Label)) {
                throw new IllegalArgumentException("A click model predicts labels, but the stored output domain holds "
                        + entry.getB().getClass().getName());
            }
        }
        return (ModelDataCarrier<Label>) carrier;
    }
}
