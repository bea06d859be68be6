package dev.tribuoctr.examples.cli;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the models of {@code train} and {@code select} in Tribuo's protobuf format ({@code model.tribuo}, which
 * Tribuo's own {@code Model.deserializeFromFile} reads) and reads them back for {@code export}. Files written by
 * earlier versions with Java serialization ({@code model.ser}, recognised by the serialization stream's magic number)
 * still load, through a JEP 290 filter that admits only this plugin's, Tribuo's, OLCUT's and the JDK's classes and
 * bounds what a file can make the reader allocate by the file's own size (no array longer, and no more object
 * references, than the file has bytes; depth at most {@value #MAX_DEPTH}), so neither a tampered file nor a
 * 43-byte one claiming a huge array can instantiate arbitrary classes or exhaust the heap.
 * <p>
 * A protobuf file that its model class refuses (a part failing its checksum, a shape that does not fit) is reported
 * in one line with the file's name and that class's reason, not the reflection wrapper Tribuo puts around it.
 */
public final class ModelFiles {
    /** The classes a serialized CTR or field model consists of. */
    public static final String CLASSES = "dev.tribuoctr.**;org.tribuo.**;com.oracle.labs.mlrg.olcut.**;java.**;!*";
    /** Deepest object nesting a model file may have. */
    public static final int MAX_DEPTH = 64;

    private ModelFiles() { }

    /**
     * Writes a model in Tribuo's protobuf format.
     * @param out the stream (buffered by the caller; not closed)
     * @param model the model
     * @throws IOException if it cannot be written
     */
    public static void write(OutputStream out, Model<Label> model) throws IOException {
        model.serialize().writeTo(out);
    }

    /**
     * @param file a file written by {@code train} or {@code select} (protobuf, or Java serialization before 0.2)
     * @return the model
     * @throws IOException if the file cannot be read, is not a model, is cut off or damaged, holds a class outside
     *     the filter or exceeds its bounds (Java serialization), or is not a label model
     */
    public static Model<Label> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "the model file does not exist or is"
                    + " not a file");
        }
        byte[] magic = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(magic, 0, 2) == 2 && (magic[0] & 0xff) == 0xac && (magic[1] & 0xff) == 0xed) {
                return readSerialized(file);
            }
        }
        Model<?> model;
        try {
            model = Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            IllegalArgumentException refused = refusal(e);
            if (refused != null) { // the model class read the file and refused it: its reason, not the reflection's
                throw new IOException(file + " cannot be loaded: " + refused.getMessage(), e);
            }
            throw new IOException(file + " is not a model this tool can read: not a Tribuo protobuf model, or cut off"
                    + " or damaged (" + innermost(e).getMessage() + ")", e);
        }
        return asLabelModel(file, model);
    }

    /**
     * Tribuo calls a model class's {@code deserializeFromProto} reflectively and wraps what it throws
     * ({@code InvocationTargetException} inside an {@code IllegalStateException}); the model classes of this library
     * refuse a file with an {@link IllegalArgumentException} that names the damaged part.
     * @return the first such exception in the chain thrown by this library's code, or null
     */
    private static IllegalArgumentException refusal(Throwable thrown) {
        for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IllegalArgumentException iae && t.getStackTrace().length > 0
                    && t.getStackTrace()[0].getClassName().startsWith("dev.tribuoctr.")) {
                return iae;
            }
        }
        return null;
    }

    private static Throwable innermost(Throwable thrown) {
        Throwable t = thrown;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? thrown : t;
    }

    @SuppressWarnings("unchecked")
    private static Model<Label> asLabelModel(Path file, Object o) throws IOException {
        if (!(o instanceof Model<?> model) || !model.validate(Label.class)) {
            throw new IOException(file + " holds a " + o.getClass().getName() + ", not a Tribuo Model<Label>");
        }
        return (Model<Label>) model;
    }

    /** Reads a Java-serialized model through the bounded filter. */
    private static Model<Label> readSerialized(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file); ObjectInputStream ois = new ObjectInputStream(in)) {
            ois.setObjectInputFilter(filter(size));
            return asLabelModel(file, ois.readObject());
        } catch (InvalidClassException e) {
            throw new IOException(file + " is not a model this tool can read (" + e.getMessage() + ")", e);
        } catch (ClassNotFoundException | ClassCastException | java.io.StreamCorruptedException
                 | java.io.EOFException | java.io.OptionalDataException e) {
            throw new IOException(file + " is not a model this tool can read: a Java serialization stream that is cut"
                    + " off or damaged (" + e + ")", e);
        }
    }

    /**
     * The filter for a file of {@code size} bytes: the class list, then bounds derived from the size. Every array
     * element and every reference takes at least one byte of the stream, so larger claims are lies.
     */
    public static ObjectInputFilter filter(long size) {
        ObjectInputFilter classes = ObjectInputFilter.Config.createFilter(CLASSES);
        return info -> {
            if (info.depth() > MAX_DEPTH || info.references() > size || info.streamBytes() > size
                    || info.arrayLength() > size) {
                return ObjectInputFilter.Status.REJECTED;
            }
            return info.serialClass() == null ? ObjectInputFilter.Status.UNDECIDED : classes.checkInput(info);
        };
    }
}
