import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import org.tribuo.protos.core.TribuoCore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the descriptors of Tribuo's {@code tribuo-core.proto} and of every file it imports (OLCUT's provenance
 * proto, {@code google/protobuf/any.proto}) as one {@code FileDescriptorSet}, read from the classes in the jars.
 * OLCUT's jar does not ship its {@code .proto} source, so protoc resolves our imports with
 * {@code --descriptor_set_in} instead. Run by {@code tools/generate-protos.sh}:
 * {@code java -cp <classpath> tools/TribuoProtoDescriptors.java out.pb}.
 */
public final class TribuoProtoDescriptors {
    private TribuoProtoDescriptors() { }

    /**
     * @param args the output file
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TribuoProtoDescriptors <output.pb>");
        }
        Map<String, FileDescriptor> files = new LinkedHashMap<>();
        collect(TribuoCore.getDescriptor(), files);
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        files.values().forEach(f -> set.addFile(f.toProto()));
        try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
            set.build().writeTo(out);
        }
        System.out.println("Wrote " + files.keySet() + " to " + args[0]);
    }

    /** Dependencies first, as protoc expects. */
    private static void collect(FileDescriptor file, Map<String, FileDescriptor> out) {
        for (FileDescriptor dep : file.getDependencies()) {
            collect(dep, out);
        }
        out.putIfAbsent(file.getName(), file);
    }
}
