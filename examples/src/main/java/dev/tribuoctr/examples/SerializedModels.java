package dev.tribuoctr.examples;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.BufferedOutputStream;
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
 * Writes models (buffered) and reads the Java-serialized models the {@code train} and {@code select} commands write,
 * through a JEP 290 filter that admits only this plugin's, Tribuo's, OLCUT's and the JDK's classes, so a tampered
 * file cannot instantiate arbitrary classes.
 */
final class SerializedModels {
    /** The classes a serialized CTR or field model consists of. */
    static final String FILTER = "maxdepth=64;dev.tribuoctr.**;org.tribuo.**;com.oracle.labs.mlrg.olcut.**;java.**;!*";

    private SerializedModels() { }

    /**
     * Writes a model with Java serialization, through a buffer (a model with millions of feature names is written
     * in large blocks, not in the serializer's 1 KB ones).
     * @param file the file
     * @param model the model
     * @throws IOException if the file cannot be written
     */
    static void write(Path file, Model<Label> model) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             ObjectOutputStream oos = new ObjectOutputStream(os)) {
            oos.writeObject(model);
        }
    }

    /**
     * @param file a file written by {@code train} ({@code model.ser}) or {@code select} ({@code pruned-model.ser})
     * @return the model
     * @throws IOException if the file cannot be read, holds a class outside the filter, or is not a label model
     */
    @SuppressWarnings("unchecked")
    static Model<Label> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Model file " + file + " does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(file); ObjectInputStream ois = new ObjectInputStream(in)) {
            ois.setObjectInputFilter(ObjectInputFilter.Config.createFilter(FILTER));
            Object o = ois.readObject();
            if (!(o instanceof Model<?> model) || !model.validate(Label.class)) {
                throw new IOException(file + " holds a " + o.getClass().getName() + ", not a Tribuo Model<Label>");
            }
            return (Model<Label>) model;
        } catch (InvalidClassException e) {
            throw new IOException(file + " is not a model this tool can read (" + e.getMessage() + ")", e);
        } catch (ClassNotFoundException | ClassCastException | java.io.StreamCorruptedException e) {
            throw new IOException(file + " is not a serialized model (" + e + ")", e);
        }
    }
}
