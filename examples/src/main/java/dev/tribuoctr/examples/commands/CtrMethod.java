package dev.tribuoctr.examples.commands;

import dev.tribuoctr.ctr.model.Pooling;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;

/**
 * The three models the examples compare, each a setting of {@link MetaWrapperTrainer} (design §3.6, docs/design/meta-gradient.md):
 * Base ({@code pooling=SUM, mu=0}), DIN ({@code mu=0}) and Meta-Wrapper ({@code mu>0}, the trainer's defaults).
 */
public enum CtrMethod {
    /** Sum pooling of the history, no feature selector: the paper's Base model. */
    BASE("Base"),
    /** The attentive feature selector trained jointly with the predictor (μ = 0). */
    DIN("DIN"),
    /** The feature selector meta-learned with the Meta-Wrapper objective. */
    META_WRAPPER("Meta-Wrapper");

    private final String displayName;

    CtrMethod(String displayName) {
        this.displayName = displayName;
    }

    /** @return the name used in tables and in {@code metrics.json} */
    public String displayName() {
        return displayName;
    }

    /**
     * Applies this method's switches to a builder that holds the shared settings.
     * @param builder the builder
     * @param mu the out-of-bag weight used by Meta-Wrapper (ignored by Base and DIN)
     * @return the builder
     */
    public MetaWrapperTrainer.Builder configure(MetaWrapperTrainer.Builder builder, double mu) {
        switch (this) {
            case BASE:
                return builder.pooling(Pooling.SUM).mu(0);
            case DIN:
                return builder.pooling(Pooling.ATTENTION).mu(0);
            default:
                return builder.pooling(Pooling.ATTENTION).mu(mu);
        }
    }
}
