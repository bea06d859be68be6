/**
 * Encoding of CTR examples (design §1, docs/design/data-encoding.md): a {@link dev.tribuoctr.ctr.encoding.CtrSchema} names the roles of the
 * {@code field@value} features, {@link dev.tribuoctr.ctr.encoding.CtrFeatureLayout#build} resolves vocabularies
 * (index 0 padding, 1 OOV, real values from 2 by descending count then value) and the item→attribute table from the
 * training data, and a {@link dev.tribuoctr.ctr.encoding.CtrEncoder} turns lists of Tribuo examples into
 * {@link dev.tribuoctr.ctr.encoding.CtrBatch}es of indices for the interest model.
 * <p>
 * Typical use:
 * <pre>
 * CtrSchema schema = CtrSchema.defaultSchema();
 * CtrFeatureLayout layout = CtrFeatureLayout.build(schema, trainDataset, itemMetadataOrNull);
 * CtrEncoder encoder = new CtrEncoder(layout);
 * CtrBatch batch = encoder.encode(examples);                       // labels required
 * CtrBatch toScore = encoder.encode(examples, LabelMode.OPTIONAL); // prediction
 * </pre>
 * Training draws its mini-batches from {@link dev.tribuoctr.ctr.encoding.EncodedInstances}: a batch encoded once, or
 * columnar data ({@link dev.tribuoctr.ctr.encoding.EncodedInstances.Columnar}) that counts the layout with a
 * {@link dev.tribuoctr.ctr.encoding.LayoutBuilder} and assembles each batch from its columns. A model's Tribuo
 * feature map is a {@link dev.tribuoctr.ctr.encoding.VocabularyFeatureMap} over its vocabularies.
 * <p>
 * All classes stored in a model are {@link java.io.Serializable}; Tribuo's JEP-290 filter admits only
 * {@code org.tribuo.**}, so users deserializing such models must add {@code dev.tribuoctr.**} to it.
 */
package dev.tribuoctr.ctr.encoding;
