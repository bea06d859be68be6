package dev.tribuoctr.examples;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the models of {@code train} and {@code select} and reads them back for {@code export}. Java-serialized
 * files are read through a JEP 290 filter that admits only this plugin's, Tribuo's, OLCUT's and the JDK's classes and
 * bounds what a file can make the reader allocate by the file's own size (no array longer, and no more object
 * references, than the file has bytes; depth at most {@value #MAX_DEPTH}), so neither a tampered file nor a
 * 43-byte one claiming a huge array can instantiate arbitrary classes or exhaust the heap.
 */
final class ModelFiles {
    /** The classes a serialized CTR or field model consists of. */
    static final String CLASSES = "dev.tribuoctr.**;org.tribuo.**;com.oracle.labs.mlrg.olcut.**;java.**;!*";
    /** Deepest object nesting a model file may have. */
    static final int MAX_DEPTH = 64;

    private ModelFiles() { }

    /**
     * Writes a model.
     * @param out the stream (buffered by the caller; not closed)
     * @param model the model
     * @throws IOException if it cannot be written
     */
    static void write(OutputStream out, Model<Label> model) throws IOException {
        ObjectOutputStream oos = new ObjectOutputStream(out);
        oos.writeObject(model);
        oos.flush();
    }

    /**
     * @param file a file written by {@code train} or {@code select}
     * @return the model
     * @throws IOException if the file cannot be read, holds a class outside the filter, exceeds its bounds, or is
     *     not a label model
     */
    @SuppressWarnings("unchecked")
    static Model<Label> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Model file " + file + " does not exist or is not a file");
        }
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file); ObjectInputStream ois = new ObjectInputStream(in)) {
            ois.setObjectInputFilter(filter(size));
            Object o = ois.readObject();
            if (!(o instanceof Model<?> model) || !model.validate(Label.class)) {
                throw new IOException(file + " holds a " + o.getClass().getName() + ", not a Tribuo Model<Label>");
            }
            return (Model<Label>) model;
        } catch (InvalidClassException e) {
            throw new IOException(file + " is not a model this tool can read (" + e.getMessage() + ")", e);
        } catch (ClassNotFoundException | ClassCastException | java.io.StreamCorruptedException
                 | java.io.EOFException | java.io.OptionalDataException e) {
            throw new IOException(file + " is not a serialized model, or is cut off (" + e + ")", e);
        }
    }

    /**
     * The filter for a file of {@code size} bytes: the class list, then bounds derived from the size. Every array
     * element and every reference takes at least one byte of the stream, so larger claims are lies.
     */
    static ObjectInputFilter filter(long size) {
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
