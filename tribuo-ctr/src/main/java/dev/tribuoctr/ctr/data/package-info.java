/**
 * CTR data sources producing Tribuo {@code Example<Label>}s in the feature convention of SPEC §1
 * ({@code item@<id>}, {@code cate@<id>}, {@code hist_item@<id>} = recency rank, {@code user@<id>}).
 * <p>
 * {@link dev.tribuoctr.ctr.data.SyntheticInterestDataSource} generates the synthetic interest data of SPEC §5.
 */
package dev.tribuoctr.ctr.data;
