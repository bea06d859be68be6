/**
 * CTR data sources producing Tribuo {@code Example<Label>}s in the feature convention of design §1 (docs/design/data-encoding.md)
 * ({@code item@<id>}, {@code cate@<id>}, {@code hist_item@<id>} = recency rank, {@code user@<id>}).
 * <p>
 * {@link dev.tribuoctr.ctr.data.SyntheticInterestDataSource} generates the synthetic interest data of design §5.4 (docs/design/protocols.md).
 * The click-log sources {@link dev.tribuoctr.ctr.data.MovieLensDataSource} (1M and 100K layouts),
 * {@link dev.tribuoctr.ctr.data.AmazonReviewsDataSource},
 * {@link dev.tribuoctr.ctr.data.TaobaoUserBehaviorDataSource} and
 * {@link dev.tribuoctr.ctr.data.DelimitedClickLogDataSource} (named columns) read a compact
 * {@link dev.tribuoctr.ctr.data.ClickLog} and apply the {@link dev.tribuoctr.ctr.data.LeaveLastOutProtocol}; sources
 * that differ only in their {@code split} (TRAIN, VALIDATION, TEST) yield the three parts of the same data.
 * Malformed lines fail with a {@link dev.tribuoctr.ctr.data.ClickLogFormatException} whose message starts with
 * {@code file:line}. Choices the papers leave open (recorded in design §5.1, docs/design/protocols.md): repeated clicks of a user on one item are collapsed to the most
 * recent one; time ties keep file order; a user who clicked every item gets no negatives.
 * <p>
 * What a trainer reads: {@link dev.tribuoctr.ctr.data.CompactDataSource#load} gives a click-log source's
 * {@link dev.tribuoctr.ctr.data.ClickLogDataset} (int columns over the shared per-user click sequences) or, for any
 * other source, a {@link dev.tribuoctr.ctr.data.CompactExampleDataset} (each feature name once, examples as codes).
 * Both are Tribuo datasets whose examples are made on access, and both let
 * {@link dev.tribuoctr.ctr.train.MetaWrapperTrainer} read their columns without examples.
 */
package dev.tribuoctr.ctr.data;
