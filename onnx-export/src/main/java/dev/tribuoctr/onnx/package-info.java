/**
 * Export of trained CTR models ({@code CtrModel}, all three poolings) and LPFS gated or pruned field models
 * ({@code GatedFieldModel}) to one self-contained {@code .onnx} file each (design §7, docs/design/onnx-contract.md), and {@link
 * dev.tribuoctr.onnx.OnnxCtrModel}, a Tribuo {@code Model<Label>} backed by an ONNX Runtime session.
 * <p>
 * An exported file takes raw feature values as strings, holds its vocabularies (ONNX-ML {@code LabelEncoder}, unknown
 * values → OOV) and the item→attribute table, accepts any batch size and history length, outputs {@code ctr} [B], and
 * carries the Tribuo provenance, the input schema and the producer's version in its {@code metadata_props}.
 * Graphs are built with Tribuo's {@code ONNXContext}; {@link dev.tribuoctr.onnx.OnnxOps} adds the operators it lacks.
 */
package dev.tribuoctr.onnx;
