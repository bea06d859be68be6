/**
 * Field data sources for LPFS (design §6, docs/design/lpfs.md): {@link dev.tribuoctr.featuresel.data.CriteoDataSource} (the Criteo
 * display-advertising format, streamed), {@link dev.tribuoctr.featuresel.data.MovieLensFieldDataSource} (MovieLens
 * 100K as 26 categorical fields) and {@link dev.tribuoctr.featuresel.data.PlantedFieldDataSource} (synthetic fields
 * with planted structure). Each yields Tribuo {@code Example<Label>}s with features {@code field@value} (categorical)
 * or {@code field} (numeric); malformed lines fail with a {@code ClickLogFormatException} naming file and line.
 */
package dev.tribuoctr.featuresel.data;
