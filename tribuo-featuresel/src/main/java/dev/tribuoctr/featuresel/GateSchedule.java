package dev.tribuoctr.featuresel;

import java.io.Serializable;

/**
 * The gate optimisation settings of design §6.4 (docs/design/lpfs.md): ε₀ and its decay (factor every {@code interval} steps down to a
 * floor), the gate learning rate and its decay and floor, the momentum and the ℓ¹ weight λ.
 * @param eps0 initial ε
 * @param epsDecay ε factor per interval
 * @param epsFloor smallest ε
 * @param learningRate initial gate learning rate η
 * @param learningRateDecay η factor per interval
 * @param learningRateFloor smallest η
 * @param interval steps per decay
 * @param momentum momentum of the gate SGD
 * @param lambda weight λ of λ‖x‖₁
 */
public record GateSchedule(double eps0, double epsDecay, double epsFloor, double learningRate, double learningRateDecay,
                           double learningRateFloor, int interval, double momentum, double lambda) implements Serializable {
    /** Validates the settings. */
    public GateSchedule {
        if (!(eps0 > 0) || !(epsDecay > 0 && epsDecay <= 1) || !(epsFloor > 0) || !(learningRate > 0)
                || !(learningRateDecay > 0 && learningRateDecay <= 1) || !(learningRateFloor >= 0) || interval < 1
                || !(momentum >= 0 && momentum < 1) || !(lambda >= 0)) {
            throw new IllegalArgumentException("Invalid gate schedule " + this);
        }
    }
}
