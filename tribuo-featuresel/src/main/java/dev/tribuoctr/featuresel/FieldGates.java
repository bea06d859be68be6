package dev.tribuoctr.featuresel;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The gate parameters x_f of every field and their optimiser (design §6.4, docs/design/lpfs.md): momentum SGD on ∇L followed by the proximal
 * ℓ¹ step of Eq. 11, with ε and the learning rate decaying on a schedule. Gate factors are normalised by g₀, the
 * gate's value at x = 1, ε = ε₀, so every field starts at exactly 1. A gate the proximal step sets to zero is
 * exactly 0.0.
 */
public final class FieldGates implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SmoothedL0Gate gate;
    private final GateSchedule schedule;
    private final double g0;
    private final double[] x;
    private final double[] velocity;
    private double eps;
    private double learningRate;
    private long steps;

    /**
     * @param gate the gate function
     * @param schedule the optimisation settings
     * @param fields number of fields
     */
    public FieldGates(SmoothedL0Gate gate, GateSchedule schedule, int fields) {
        this.gate = gate;
        this.schedule = schedule;
        this.g0 = gate.initialValue(schedule.eps0());
        this.x = new double[fields];
        Arrays.fill(x, 1.0);
        this.velocity = new double[fields];
        this.eps = schedule.eps0();
        this.learningRate = schedule.learningRate();
    }

    /** @return γ_f = g(x_f, ε)/g₀ per field */
    public double[] factors() {
        double[] f = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = gate.value(x[i], eps) / g0;
        }
        return f;
    }

    /**
     * One gate update from the gradient of the loss w.r.t. the gate factors.
     * @param factorGradients ∂L/∂γ_f per field
     */
    public void step(double[] factorGradients) {
        double threshold = ProximalL1.threshold(schedule.lambda(), learningRate);
        for (int i = 0; i < x.length; i++) {
            double grad = factorGradients[i] * gate.derivative(x[i], eps) / g0;
            velocity[i] = schedule.momentum() * velocity[i] + grad;
            x[i] = ProximalL1.apply(x[i] - learningRate * velocity[i], threshold);
        }
        steps++;
        if (steps % schedule.interval() == 0) {
            eps = Math.max(schedule.epsFloor(), eps * schedule.epsDecay());
            learningRate = Math.max(schedule.learningRateFloor(), learningRate * schedule.learningRateDecay());
        }
    }

    /**
     * Forces a gate parameter, e.g. to zero a field mid-training (the paper's motivation for LPFS++).
     * @param field the field
     * @param value the new x
     */
    public void set(int field, double value) {
        x[field] = value;
        velocity[field] = 0;
    }

    /** @return a copy of the gate parameters x */
    public double[] parameters() { return x.clone(); }

    /** @return the number of gates that are exactly zero */
    public int zeroCount() {
        int n = 0;
        for (double v : x) {
            if (v == 0.0) { n++; }
        }
        return n;
    }

    /** @return the current ε */
    public double eps() { return eps; }

    /** @return the current gate learning rate */
    public double learningRate() { return learningRate; }
}
