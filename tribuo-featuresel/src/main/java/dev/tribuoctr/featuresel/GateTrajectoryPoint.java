package dev.tribuoctr.featuresel;

import java.io.Serializable;

/**
 * The gates at one logged training step (the paper's Figure 9 plots {@link #zeroGates()} over steps).
 * @param step optimiser steps taken
 * @param zeroGates how many gates are exactly zero
 * @param gateFactors γ_f per field (the normalised gate values)
 * @param loss mean training loss since the previous point
 */
public record GateTrajectoryPoint(long step, int zeroGates, double[] gateFactors, double loss) implements Serializable {
}
