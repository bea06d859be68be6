package dev.tribuoctr.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;

/**
 * A model's graph and the schema of its inputs, before provenance and metadata are attached.
 * @param graph the graph
 * @param schema its schema
 */
public record ExportedGraph(GraphProto graph, OnnxSchema schema) { }
