package dev.tribuoctr.ctr.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Named tensors in a fixed order: the parameters of a network, or gradients and directions shaped like them.
 * <p>
 * The linear-algebra helpers operate name by name on the tensors both sets share, which is what the meta-gradient
 * needs (θ ± εv, θ − βg, ‖v‖) without caring whether a set holds all parameters or only θ or φ. Float32 tensors
 * on the CPU backend are combined in Java loops over copies of their memory ({@link HostFloats}): one bulk copy
 * each way instead of several ND4J ops per tensor.
 */
public final class ParameterSet {
    private final LinkedHashMap<String, INDArray> tensors = new LinkedHashMap<>();

    /** Creates an empty set. */
    public ParameterSet() { }

    /**
     * Adds or replaces a tensor.
     * @param name tensor name, e.g. {@code emb.item}
     * @param value the tensor (kept by reference)
     * @return this set
     */
    public ParameterSet put(String name, INDArray value) {
        tensors.put(name, value);
        return this;
    }

    /**
     * @param name tensor name
     * @return the tensor
     * @throws IllegalArgumentException when the set has no tensor of that name
     */
    public INDArray get(String name) {
        INDArray t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("No tensor named '" + name + "' in " + tensors.keySet());
        }
        return t;
    }

    /** @param name tensor name @return whether the set holds it */
    public boolean contains(String name) { return tensors.containsKey(name); }

    /** @return the names, in insertion order */
    public Set<String> names() { return Collections.unmodifiableSet(tensors.keySet()); }

    /** @return the tensors by name, read-only view in insertion order */
    public Map<String, INDArray> asMap() { return Collections.unmodifiableMap(tensors); }

    /** @return the tensors' data type (of the first tensor), or null when empty */
    public DataType dataType() {
        return tensors.isEmpty() ? null : tensors.values().iterator().next().dataType();
    }

    /**
     * @param keep which names to keep
     * @return a new set holding (by reference) the tensors whose names pass the filter
     */
    public ParameterSet subset(Predicate<String> keep) {
        ParameterSet out = new ParameterSet();
        tensors.forEach((k, v) -> { if (keep.test(k)) { out.put(k, v); } });
        return out;
    }

    /** @return a deep copy */
    public ParameterSet dup() {
        ParameterSet out = new ParameterSet();
        tensors.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    /**
     * @param other tensors to merge in by reference; they replace same-named ones
     * @return a new set with this set's tensors and then the other's
     */
    public ParameterSet with(ParameterSet other) {
        ParameterSet out = new ParameterSet();
        out.tensors.putAll(tensors);
        out.tensors.putAll(other.tensors);
        return out;
    }

    /**
     * Returns {@code this + alpha·direction} as a new set; names missing from {@code direction} are shared by
     * reference (they are unchanged).
     * @param alpha scale
     * @param direction direction
     * @return the moved set
     */
    public ParameterSet plusScaled(double alpha, ParameterSet direction) {
        ParameterSet out = new ParameterSet();
        tensors.forEach((k, v) -> {
            INDArray d = direction.tensors.get(k);
            out.put(k, d == null ? v : HostFloats.applies(v, d) ? HostFloats.plusScaled(v, alpha, d) : v.add(d.mul(alpha)));
        });
        return out;
    }

    /**
     * In place: {@code this += alpha·other} on the shared names.
     * @param alpha scale
     * @param other the addend
     * @return this set
     */
    public ParameterSet addScaledInPlace(double alpha, ParameterSet other) {
        tensors.forEach((k, v) -> {
            INDArray d = other.tensors.get(k);
            if (d != null && HostFloats.applies(v, d) && HostFloats.isWritable(v)) {
                HostFloats.addScaledInPlace(v, alpha, d);
            } else if (d != null) {
                v.addi(d.mul(alpha));
            }
        });
        return this;
    }

    /**
     * @param a first set
     * @param b second set
     * @param scale multiplier
     * @return {@code (a − b)·scale} over the names of {@code a}
     */
    public static ParameterSet scaledDifference(ParameterSet a, ParameterSet b, double scale) {
        ParameterSet out = new ParameterSet();
        a.tensors.forEach((k, v) -> {
            INDArray w = b.get(k);
            out.put(k, HostFloats.applies(v, w) ? HostFloats.scaledDifference(v, w, scale) : v.sub(w).muli(scale));
        });
        return out;
    }

    /** @return the Euclidean norm over all tensors */
    public double norm2() {
        double sq = 0;
        for (INDArray v : tensors.values()) {
            if (HostFloats.applies(v, v)) {
                sq += HostFloats.squaredNorm(v);
            } else {
                double n = v.norm2Number().doubleValue();
                sq += n * n;
            }
        }
        return Math.sqrt(sq);
    }

    /** @return the tensors */
    public Collection<INDArray> values() { return Collections.unmodifiableCollection(tensors.values()); }

    /** @return the number of tensors */
    public int size() { return tensors.size(); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParameterSet{");
        tensors.forEach((k, v) -> sb.append(k).append(java.util.Arrays.toString(v.shape())).append(' '));
        return sb.append('}').toString();
    }
}
